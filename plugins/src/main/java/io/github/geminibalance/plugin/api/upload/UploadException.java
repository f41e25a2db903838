package io.github.geminibalance.plugin.api.upload;

/** An upload failed; the message says why in words a client may read (never a token). */
public class UploadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UploadException(String message) {
        super(message);
    }

    public UploadException(String message, Throwable cause) {
        super(message, cause);
    }
}
