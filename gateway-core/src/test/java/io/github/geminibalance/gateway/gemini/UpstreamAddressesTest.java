package io.github.geminibalance.gateway.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.MutableClock;
import io.github.geminibalance.gateway.keys.ApiKey;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link UpstreamUrls}, {@link UploadUrl} and {@link ResourceOwners}. */
class UpstreamAddressesTest {

    @Test
    void apiAndUploadUrlsFollowTheBaseUrl() {
        UpstreamUrls google = new UpstreamUrls(URI.create("https://generativelanguage.googleapis.com/v1beta"));
        UpstreamUrls relay = new UpstreamUrls(URI.create("http://relay:8080/google/v1beta"));
        assertEquals(URI.create("https://generativelanguage.googleapis.com/v1beta/models/m:countTokens"),
                google.api("models/m:countTokens", ""));
        assertEquals(URI.create("https://generativelanguage.googleapis.com/upload/v1beta/files?upload_id=x"),
                google.upload("upload_id=x"));
        assertEquals(URI.create("http://relay:8080/upload/google/v1beta/files"), relay.upload(""));
    }

    @Test
    void uploadUrlKeepsTheIdAndDropsEverythingElse() {
        UploadUrl url = UploadUrl.parse("https://generativelanguage.googleapis.com/upload/v1beta/files"
                + "?upload_id=AB%2Bcd&upload_protocol=resumable&key=AIzaSyLeaked");
        assertEquals("AB+cd", url.uploadId());
        assertEquals("http://gw:8000/gemini/upload/v1beta/files?upload_id=AB%2Bcd&upload_protocol=resumable",
                url.pointingAt("http://gw:8000/gemini"));
        assertThrows(IllegalArgumentException.class, () -> UploadUrl.parse("https://x/upload/v1beta/files"));
    }

    @Test
    void resourcesAreFoundByPathAndByReference() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
        ResourceOwners owners = new ResourceOwners(clock, 2);
        ApiKey key = ApiKey.of("AIzaSyOwner-0000000000000000000000000000");
        owners.remember("files/abc123", key);

        assertEquals(Optional.of(key), owners.ownerOfPath("files/abc123"));
        assertEquals(Optional.of(key), owners.ownerOfReferences(new ObjectMapper().readTree(
                "{\"contents\":[{\"parts\":[{\"fileData\":{\"fileUri\":\"https://host/v1beta/files/abc123\"}}]}]}")));
        assertEquals(Optional.empty(), owners.ownerOfPath("files/other"));

        clock.advance(ResourceOwners.LIFETIME.plusSeconds(1));
        assertEquals(Optional.empty(), owners.ownerOfPath("files/abc123"), "forgotten when Google deletes the file");
    }

    @Test
    void theOldestEntryMakesRoomWhenFull() {
        ResourceOwners owners = new ResourceOwners(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), 2);
        ApiKey key = ApiKey.of("AIzaSyOwner-0000000000000000000000000000");
        owners.remember("files/a", key);
        owners.remember("files/b", key);
        owners.remember("cachedContents/c", key);
        assertEquals(Optional.empty(), owners.ownerOfPath("files/a"));
        assertEquals(Optional.of(key), owners.ownerOfPath("cachedContents/c"));
    }
}
