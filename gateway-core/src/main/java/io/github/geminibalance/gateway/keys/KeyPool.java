package io.github.geminibalance.gateway.keys;

import java.util.Set;

/**
 * The pool of Gemini API keys. Every method is one atomic operation, so that a shared
 * implementation (several gateways, one state) can replace the in-memory one without callers
 * changing: callers never read a key's state, decide, and write it back.
 */
public interface KeyPool {

    /**
     * Picks the next key usable for {@code model} in round-robin order, skipping {@code excluded}
     * (the keys this request already tried).
     *
     * @param model the upstream model id without feature suffix, e.g. {@code gemini-2.5-flash}
     */
    Acquisition acquire(String model, Set<ApiKey> excluded);

    /**
     * Asks for one particular key, e.g. the key that owns a file the request refers to. Granted
     * unless the key is unknown, out of rotation, or cooling for {@code model}.
     */
    Acquisition acquireSpecific(ApiKey key, String model);

    /** Records what the upstream answered to one attempt made with {@code key} for {@code model}. */
    void report(ApiKey key, String model, Outcome outcome);

    /** A consistent copy of every key's state, in pool order. */
    KeyPoolSnapshot snapshot();
}
