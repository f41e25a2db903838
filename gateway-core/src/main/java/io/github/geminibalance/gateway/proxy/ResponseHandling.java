package io.github.geminibalance.gateway.proxy;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** How a successful upstream body travels to the client. */
public sealed interface ResponseHandling {

    /** Bytes are forwarded as they arrive, untouched. */
    record Pipe() implements ResponseHandling {}

    /**
     * A server-sent event stream: parsed, and every event translated and sent as soon as it is
     * complete, each ending with its blank line. The response is committed on the first event,
     * so an upstream that fails before it can still be retried on another key.
     */
    record Stream(StreamTranslator translator) implements ResponseHandling {
        public Stream {
            Objects.requireNonNull(translator, "translator");
        }
    }

    /** The whole body is read, then transformed (model lists, uploads, translations), then sent. */
    record Capture(AsyncResponseTransformer transformer) implements ResponseHandling {
        public Capture {
            Objects.requireNonNull(transformer, "transformer");
        }

        /** A transformation that is done as soon as it returns. */
        public static Capture of(ResponseTransformer transformer) {
            Objects.requireNonNull(transformer, "transformer");
            return new Capture((key, head, body) -> CompletableFuture.completedFuture(transformer.transform(key, head, body)));
        }
    }
}
