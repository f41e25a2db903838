package io.github.geminibalance.gateway.proxy;

import io.github.geminibalance.gateway.keys.ApiKey;
import io.github.geminibalance.gateway.upstream.UpstreamRequest;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything {@link KeyRotatingProxy} needs to serve one client request.
 *
 * @param poolModel the model whose per-model cooldowns apply, or {@link #ANY_MODEL} for calls
 *     that name none (model lists, files)
 * @param pinnedKey the only key allowed to serve the request, when it refers to a resource (a
 *     file, a cached content) that belongs to that key's project; no rotation then
 * @param requestFor builds the upstream request for the key of an attempt
 * @param handling what happens to a successful answer
 * @param resourceScoped the request touches a project-scoped resource, so a 403 means "not your
 *     resource", not "dead key"
 * @param errors the shape of the errors the client gets, the gateway's own and relayed ones
 */
public record ProxyPlan(
        String poolModel,
        Optional<ApiKey> pinnedKey,
        Function<ApiKey, UpstreamRequest> requestFor,
        ResponseHandling handling,
        boolean resourceScoped,
        ErrorRenderer errors) {

    /** The pool model of calls that are not about one model. */
    public static final String ANY_MODEL = "*";

    public ProxyPlan {
        Objects.requireNonNull(poolModel, "poolModel");
        Objects.requireNonNull(pinnedKey, "pinnedKey");
        Objects.requireNonNull(requestFor, "requestFor");
        Objects.requireNonNull(handling, "handling");
        Objects.requireNonNull(errors, "errors");
    }
}
