package io.github.geminibalance.gateway.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.geminibalance.gateway.keys.ApiKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which pool key owns which upstream resource. Files, cached contents and batches belong to the
 * Google project of the key that created them, and any other key gets 403 or 404 for them; so a
 * request that refers to one must go through its owner. Entries live as long as Google keeps
 * files (48 hours), and the map is bounded so that a busy gateway cannot grow it without end.
 */
public final class ResourceOwners {

    static final Duration LIFETIME = Duration.ofHours(48);
    private static final Pattern RESOURCE_NAME =
            Pattern.compile("(files|cachedContents|batches|uploads)/[A-Za-z0-9_\\-]+");

    private final Clock clock;
    private final int capacity;
    private final Map<String, Owner> owners;

    public ResourceOwners(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
        this.owners = new LinkedHashMap<>(16, 0.75f, false);
    }

    /** Remembers that {@code key} owns the resource named like {@code files/abc123}. */
    public synchronized void remember(String resourceName, ApiKey key) {
        Matcher matcher = RESOURCE_NAME.matcher(resourceName);
        if (!matcher.find()) {
            return;
        }
        owners.remove(matcher.group());
        owners.put(matcher.group(), new Owner(key, clock.instant().plus(LIFETIME)));
        while (owners.size() > capacity) {
            owners.remove(owners.keySet().iterator().next()); // the oldest entry
        }
    }

    /** The owner of a resource path like {@code files/abc123} or {@code cachedContents/x:y}. */
    public synchronized Optional<ApiKey> ownerOfPath(String path) {
        Matcher matcher = RESOURCE_NAME.matcher(path);
        return matcher.lookingAt() ? lookup(matcher.group()) : Optional.empty();
    }

    /**
     * The owner of the first known resource a {@code generateContent} body refers to: a
     * {@code fileData.fileUri} or the {@code cachedContent} it runs on.
     */
    public synchronized Optional<ApiKey> ownerOfReferences(JsonNode body) {
        for (String name : references(body)) {
            Optional<ApiKey> owner = lookup(name);
            if (owner.isPresent()) {
                return owner;
            }
        }
        return Optional.empty();
    }

    /** Whether a {@code generateContent} body refers to any project-scoped resource, known or not. */
    public static boolean refersToResources(JsonNode body) {
        return !references(body).isEmpty();
    }

    /** Whether a path names a project-scoped resource, such as {@code files/abc123}. */
    public static boolean refersToResources(String path) {
        return RESOURCE_NAME.matcher(path).find();
    }

    /**
     * The resources a body refers to, its cached content first: only the fields that can hold one
     * are read, never the whole body, which may carry megabytes of inline media.
     */
    private static List<String> references(JsonNode body) {
        List<String> names = new ArrayList<>(1);
        for (String field : new String[] {"cachedContent", "cached_content"}) {
            resourceIn(body.path(field)).ifPresent(names::add);
        }
        for (JsonNode content : body.path("contents")) {
            for (JsonNode part : content.path("parts")) {
                JsonNode file = part.has("fileData") ? part.get("fileData") : part.path("file_data");
                resourceIn(file.has("fileUri") ? file.get("fileUri") : file.path("file_uri")).ifPresent(names::add);
            }
        }
        return names;
    }

    private static Optional<String> resourceIn(JsonNode value) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        Matcher matcher = RESOURCE_NAME.matcher(value.asText());
        return matcher.find() ? Optional.of(matcher.group()) : Optional.empty();
    }

    private Optional<ApiKey> lookup(String name) {
        Owner owner = owners.get(name);
        if (owner == null) {
            return Optional.empty();
        }
        if (owner.expires().isBefore(clock.instant())) {
            owners.remove(name);
            return Optional.empty();
        }
        return Optional.of(owner.key());
    }

    private record Owner(ApiKey key, Instant expires) {}
}
