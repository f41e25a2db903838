package io.github.geminibalance.plugin.api.upload;

import java.util.Objects;

/**
 * An image to upload.
 *
 * @param mimeType its real type, e.g. {@code image/png} or {@code image/jpeg}
 * @param fileName a name with the matching extension, e.g. {@code 2026/11/26/3fa2c1d9.png}
 */
public record ImageUpload(byte[] data, String mimeType, String fileName) {

    public ImageUpload {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(fileName, "fileName");
    }
}
