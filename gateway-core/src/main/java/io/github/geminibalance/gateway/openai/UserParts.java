package io.github.geminibalance.gateway.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.openai.ChatTranslation.MediaFetch;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A user message's content (a string, or OpenAI content parts) as Gemini parts.
 *
 * <ul>
 *   <li>{@code text} → {@code text}; empty text is dropped, since Gemini refuses empty parts.
 *   <li>{@code image_url} with a {@code data:} URI → {@code inlineData}. {@code detail} is ignored:
 *       Gemini's per-part media resolution is not on every model, and the default serves.
 *   <li>{@code image_url} with a Files API URI (Google's host, or below {@code BASE_URL}, and
 *       {@code /files/} in the path) → {@code fileData}: upstream resolves it.
 *   <li>{@code image_url} with any other http(s) URL → an empty part, listed in
 *       {@link ChatTranslation#pendingMedia()}: the HTTP layer fetches it (timeouts, size cap and
 *       address checks live there) and fills the part with {@code inlineData}.
 *   <li>{@code input_audio} → {@code inlineData} with {@code audio/<format>}.
 *   <li>{@code file} with {@code file_data} (a data URI) → {@code inlineData}; with a
 *       {@code file_id} naming a Gemini file ({@code files/<id>}) → {@code fileData}.
 * </ul>
 *
 * Any other part type is a 400: silently dropping it would answer a question the user did not ask.
 */
final class UserParts {

    /** The form of every Files API URI Google hands out, and the one upstream resolves. */
    private static final String GOOGLE_FILES_BASE = "https://generativelanguage.googleapis.com/v1beta/files/";
    private static final String GOOGLE_ORIGIN = "https://generativelanguage.googleapis.com/";
    private static final Pattern FILE_ID = Pattern.compile("files/[a-z0-9-]{1,64}");
    private static final Pattern AUDIO_FORMAT = Pattern.compile("[a-z0-9.+-]{1,32}");

    private final String upstreamBase;

    UserParts(URI upstreamBase) {
        this.upstreamBase = upstreamBase.toString() + "/";
    }

    /**
     * @param message the user message, whose {@code content} is translated
     * @param prefix the message's param, like {@code messages[2]}
     * @param pendingMedia where parts to be fetched are recorded
     */
    List<ObjectNode> translate(JsonNode message, String prefix, List<MediaFetch> pendingMedia) {
        return ContentParts.translate(message, prefix, "a string or an array of content parts",
                (part, partParam, type, parts) -> {
                    switch (type) {
                        case "text" -> ContentParts.addText(parts, RequestFields.requiredString(part, partParam, "text"));
                        case "image_url" -> parts.add(image(part, partParam, pendingMedia));
                        case "input_audio" -> parts.add(audio(part, partParam));
                        case "file" -> parts.add(file(part, partParam));
                        default -> throw RequestFields.invalidValue(RequestFields.param(partParam, "type"), type,
                                "one of text, image_url, input_audio, file");
                    }
                });
    }

    private ObjectNode image(ObjectNode part, String partParam, List<MediaFetch> pendingMedia) {
        // The spec nests the URL ({"image_url":{"url":...}}); some older clients send it bare.
        JsonNode image = RequestFields.member(part, "image_url");
        String urlParam = RequestFields.param(partParam, "image_url.url");
        String url;
        if (image != null && image.isTextual()) {
            url = image.asText();
        } else if (image != null && image.isObject()) {
            url = RequestFields.requiredString(image, RequestFields.param(partParam, "image_url"), "url");
        } else if (image == null) {
            throw RequestFields.missing(RequestFields.param(partParam, "image_url"));
        } else {
            throw RequestFields.invalidType(RequestFields.param(partParam, "image_url"), "an object");
        }
        if (DataUri.isDataUri(url)) {
            return inlineData(DataUri.parse(url, urlParam));
        }
        URI uri = httpUri(url, urlParam);
        if (isFilesApiUri(url, uri)) {
            ObjectNode fileData = JsonNodeFactory.instance.objectNode();
            fileData.putObject("fileData").put("fileUri", url);
            return fileData;
        }
        ObjectNode pending = JsonNodeFactory.instance.objectNode();
        pendingMedia.add(new MediaFetch(uri, pending));
        return pending;
    }

    private boolean isFilesApiUri(String url, URI uri) {
        return (url.startsWith(GOOGLE_ORIGIN) || url.startsWith(upstreamBase))
                && uri.getRawPath() != null && uri.getRawPath().contains("/files/");
    }

    private static URI httpUri(String url, String param) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException malformed) {
            // Reported below, like any other unusable URL.
        }
        throw RequestFields.invalidValue(param, url, "a data URI or an http(s) URL");
    }

    private static ObjectNode audio(ObjectNode part, String partParam) {
        String audioParam = RequestFields.param(partParam, "input_audio");
        ObjectNode audio = RequestFields.requiredObject(part, partParam, "input_audio");
        String data = RequestFields.requiredString(audio, audioParam, "data");
        String format = RequestFields.requiredString(audio, audioParam, "format").toLowerCase(Locale.ROOT);
        if (!AUDIO_FORMAT.matcher(format).matches()) {
            throw RequestFields.invalidValue(RequestFields.param(audioParam, "format"), format, "an audio format like wav or mp3");
        }
        return inlineData(new DataUri("audio/" + format, data));
    }

    private static ObjectNode file(ObjectNode part, String partParam) {
        String fileParam = RequestFields.param(partParam, "file");
        ObjectNode file = RequestFields.requiredObject(part, partParam, "file");
        Optional<String> fileData = RequestFields.string(file, fileParam, "file_data");
        if (fileData.isPresent()) {
            return inlineData(DataUri.parse(fileData.get(), RequestFields.param(fileParam, "file_data")));
        }
        Optional<String> fileId = RequestFields.string(file, fileParam, "file_id");
        if (fileId.isEmpty()) {
            throw RequestFields.missing(RequestFields.param(fileParam, "file_data"));
        }
        // OpenAI file ids mean nothing to Gemini; a Gemini Files API name does.
        if (!FILE_ID.matcher(fileId.get()).matches()) {
            throw RequestFields.invalidValue(RequestFields.param(fileParam, "file_id"), fileId.get(),
                    "a Gemini Files API name like files/abc123");
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.putObject("fileData").put("fileUri", GOOGLE_FILES_BASE + fileId.get().substring("files/".length()));
        return result;
    }

    private static ObjectNode inlineData(DataUri data) {
        ObjectNode part = JsonNodeFactory.instance.objectNode();
        part.putObject("inlineData").put("mimeType", data.mimeType()).put("data", data.data());
        return part;
    }
}
