package io.github.geminibalance.gateway.openai;

/**
 * Turns an image Gemini returned inline ({@code inlineData}, from the {@code -image} models) into
 * the markdown a chat client shows. Standard chat has no image output, so the picture travels as a
 * markdown image in {@code content}. Until an upload provider exists the link is a data URL; an
 * uploader implements this interface and is handed to the translators instead.
 */
@FunctionalInterface
public interface InlineImageRenderer {

    /** The markdown for one image, e.g. {@code ![image](<url>)}. */
    String markdown(String mimeType, String base64Data);

    /** {@code ![image](data:<mime>;base64,<data>)}: no upload, the image is in the text. */
    static InlineImageRenderer dataUrl() {
        return (mimeType, base64Data) -> "![image](data:" + mimeType + ";base64," + base64Data + ")";
    }
}
