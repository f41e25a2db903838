package io.github.geminibalance.plugin.api.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** The body of an {@link HttpCall}. */
public sealed interface HttpBody {

    /** No body. */
    record Empty() implements HttpBody {}

    /** Bytes of one content type, e.g. JSON. */
    record Bytes(String contentType, byte[] data) implements HttpBody {
        public Bytes {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(data, "data");
        }
    }

    /** A {@code multipart/form-data} form, as image hosts expect uploads; the boundary is the transport's. */
    record Multipart(List<FormPart> parts) implements HttpBody {
        public Multipart {
            parts = List.copyOf(parts);
        }
    }

    /**
     * One field of a form.
     *
     * @param fileName the file name, for a file field; {@code null} for a plain field
     * @param contentType the part's content type, e.g. {@code image/png}; {@code text/plain} for plain fields
     */
    record FormPart(String name, String fileName, String contentType, byte[] data) {
        public FormPart {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(data, "data");
        }

        /** A file field. */
        public static FormPart file(String name, String fileName, String contentType, byte[] data) {
            return new FormPart(name, fileName, contentType, data);
        }

        /** A plain text field. */
        public static FormPart text(String name, String value) {
            return new FormPart(name, null, "text/plain; charset=UTF-8",
                    value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
