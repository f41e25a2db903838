package io.github.geminibalance.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON mapper of the gateway, with limits fitted to what Gemini requests carry. */
public final class Json {

    private Json() {}

    public static ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        // Inline images and audio arrive as one base64 string, up to Gemini's 100 MB
                        // inline limit; the request body limit is what bounds them.
                        .maxStringLength(Integer.MAX_VALUE)
                        // Real requests nest a few dozen levels; this stops stack-exhausting bodies.
                        .maxNestingDepth(256)
                        .build())
                .build();
        return new ObjectMapper(factory);
    }

    /** Reads a body the gateway produced itself, which is always JSON. */
    public static JsonNode read(ObjectMapper mapper, byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serialises a tree the gateway built itself, which cannot fail. */
    public static byte[] bytes(ObjectMapper mapper, JsonNode tree) {
        try {
            return mapper.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
