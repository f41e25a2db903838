package io.github.geminibalance.gateway.gemini;

import static io.github.geminibalance.gateway.TestGateways.CLIENT_TOKEN;
import static io.github.geminibalance.gateway.TestGateways.KEY_A;
import static io.github.geminibalance.gateway.TestGateways.KEY_B;
import static io.github.geminibalance.gateway.TestGateways.KEY_C;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.geminibalance.gateway.MockServerUpstreamTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockserver.model.Header;
import org.mockserver.model.NottableString;
import org.mockserver.model.Parameter;

/**
 * The Files API through the gateway, driven on the wire the way Google's SDKs do it
 * (protocols.md §9): a resumable upload whose upload URL must point back at the gateway and stay
 * on the key that started it, and every later use of the file pinned to that same key.
 */
@Timeout(60)
class FilesApiIT extends MockServerUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> POOL = Set.of(KEY_A, KEY_B, KEY_C);
    /** The kind of key Google's upload URL may carry; it must never reach the client. */
    private static final String LEAKED_KEY = "AIzaSyLEAKED-upstream-key-000000000000000";
    private static final String UPLOAD_ID = "ABC123";
    /** Not only text: the upload body is raw bytes and must arrive upstream unchanged. */
    private static final byte[] CONTENT = concat("hello, files API\n".getBytes(StandardCharsets.UTF_8),
            new byte[] {0, 1, (byte) 0x80, (byte) 0xfe, (byte) 0xff, '\r', '\n'});
    private static final String OK_ANSWER = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"A greeting.\"}],"
            + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}]}";




    @Test
    void resumableUploadThenEveryUseOfTheFileStaysOnTheUploadingKey() throws Exception {
        answerUploadStart();
        answerUploadFinalize();
        upstream.when(request().withMethod("POST").withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(OK_ANSWER));
        upstream.when(request().withMethod("GET").withPath("/v1beta/files/abc123"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(fileJson()));
        upstream.when(request().withMethod("DELETE").withPath("/v1beta/files/abc123"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody("{}"));

        // (1) start: the client gets an upload URL on the gateway, with the upload id and no key
        HttpResponse<String> started = send(start("/upload/v1beta/files"));
        assertEquals(200, started.statusCode(), started.body());
        assertEquals("active", started.headers().firstValue("x-goog-upload-status").orElse(null));
        URI uploadUrl = URI.create(started.headers().firstValue("x-goog-upload-url").orElseThrow());
        assertEquals("127.0.0.1", uploadUrl.getHost());
        assertEquals(gateway.port(), uploadUrl.getPort(), "the upload URL points at the gateway, not at Google");
        assertEquals("/upload/v1beta/files", uploadUrl.getPath());
        Map<String, String> query = query(uploadUrl);
        assertEquals(UPLOAD_ID, query.get("upload_id"));
        assertEquals("resumable", query.get("upload_protocol"));
        assertFalse(query.containsKey("key"), "no key parameter: " + uploadUrl);
        assertFalse(uploadUrl.toString().contains(LEAKED_KEY));
        assertFalse(started.headers().map().toString().contains(LEAKED_KEY), "the upstream's key is in no header");

        // (2) upload and finalize at that URL: same pool key as the start, bytes untouched
        HttpResponse<String> finalized = send(chunk(uploadUrl));
        assertEquals(200, finalized.statusCode(), finalized.body());
        assertEquals("final", finalized.headers().firstValue("x-goog-upload-status").orElse(null));
        JsonNode file = JSON.readTree(finalized.body()).get("file");
        assertEquals("files/abc123", file.get("name").asText());
        assertEquals("ACTIVE", file.get("state").asText());

        org.mockserver.model.HttpRequest[] uploads = onlyPoolKeysWentUpstream(2);
        org.mockserver.model.HttpRequest startCall = uploads[0];
        org.mockserver.model.HttpRequest uploadCall = uploads[1];
        String owner = startCall.getFirstHeader("x-goog-api-key");
        assertEquals(owner, uploadCall.getFirstHeader("x-goog-api-key"), "the upload stays on the key that started it");
        assertEquals("start", startCall.getFirstHeader("x-goog-upload-command"));
        assertEquals("resumable", startCall.getFirstHeader("x-goog-upload-protocol"));
        assertEquals(Integer.toString(CONTENT.length), startCall.getFirstHeader("x-goog-upload-header-content-length"));
        assertEquals("text/plain", startCall.getFirstHeader("x-goog-upload-header-content-type"));
        assertEquals("hello.txt", JSON.readTree(startCall.getBodyAsString()).at("/file/displayName").asText());
        assertEquals("/upload/v1beta/files", uploadCall.getPath().getValue());
        assertEquals(UPLOAD_ID, uploadCall.getFirstQueryStringParameter("upload_id"));
        assertEquals("upload, finalize", uploadCall.getFirstHeader("x-goog-upload-command"));
        assertEquals("0", uploadCall.getFirstHeader("x-goog-upload-offset"));
        assertArrayEquals(CONTENT, uploadCall.getBodyAsRawBytes(), "the raw bytes reach the upstream");

        // (3) a prompt that refers to the file goes with the owner every time; round robin would rotate
        String prompt = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"What is in this file?\"},"
                + "{\"fileData\":{\"mimeType\":\"text/plain\",\"fileUri\":\"" + file.get("uri").asText() + "\"}}]}]}";
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> answer = send(post("/v1beta/models/gemini-2.5-flash:generateContent", prompt)
                    .header("x-goog-api-key", CLIENT_TOKEN));
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("A greeting.", JSON.readTree(answer.body()).at("/candidates/0/content/parts/0/text").asText());
        }

        // (4) reading and deleting the file go with the owner too
        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/v1beta/files/abc123")).GET()
                .header("x-goog-api-key", CLIENT_TOKEN));
        assertEquals(200, read.statusCode(), read.body());
        assertEquals("files/abc123", JSON.readTree(read.body()).get("name").asText());
        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/v1beta/files/abc123?key=" + CLIENT_TOKEN)).DELETE());
        assertEquals(200, deleted.statusCode(), deleted.body());

        org.mockserver.model.HttpRequest[] all = onlyPoolKeysWentUpstream(8);
        for (int i = 2; i < 6; i++) {
            assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", all[i].getPath().getValue());
            assertEquals(owner, all[i].getFirstHeader("x-goog-api-key"), "generateContent #" + (i - 1) + " is pinned");
            assertEquals(JSON.readTree(prompt), JSON.readTree(all[i].getBodyAsString()), "the file reference goes as sent");
        }
        assertEquals("GET", all[6].getMethod().getValue());
        assertEquals("/v1beta/files/abc123", all[6].getPath().getValue());
        assertEquals(owner, all[6].getFirstHeader("x-goog-api-key"));
        assertEquals("DELETE", all[7].getMethod().getValue());
        assertEquals("/v1beta/files/abc123", all[7].getPath().getValue());
        assertEquals(owner, all[7].getFirstHeader("x-goog-api-key"));
    }

    @Test
    void withoutAFileReferenceRequestsDoRotate() throws Exception {
        // The control for the pinning above: the same four calls without the file use every key.
        upstream.when(request().withMethod("POST").withPath("/v1beta/models/gemini-2.5-flash:generateContent"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json").withBody(OK_ANSWER));
        String prompt = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
        for (int i = 0; i < 4; i++) {
            assertEquals(200, send(post("/v1beta/models/gemini-2.5-flash:generateContent", prompt)
                    .header("x-goog-api-key", CLIENT_TOKEN)).statusCode());
        }
        java.util.Set<String> used = new java.util.HashSet<>();
        for (org.mockserver.model.HttpRequest call : onlyPoolKeysWentUpstream(4)) {
            used.add(call.getFirstHeader("x-goog-api-key"));
        }
        assertEquals(POOL, used);
    }

    @Test
    void geminiPrefixIsKeptInTheUploadUrl() throws Exception {
        answerUploadStart();
        answerUploadFinalize();

        HttpResponse<String> started = send(start("/gemini/upload/v1beta/files"));

        assertEquals(200, started.statusCode(), started.body());
        URI uploadUrl = URI.create(started.headers().firstValue("x-goog-upload-url").orElseThrow());
        assertEquals("http://127.0.0.1:" + gateway.port() + "/gemini/upload/v1beta/files", uploadUrl.toString().split("\\?")[0]);
        assertEquals(UPLOAD_ID, query(uploadUrl).get("upload_id"));
        assertFalse(query(uploadUrl).containsKey("key"));

        HttpResponse<String> finalized = send(chunk(uploadUrl));
        assertEquals(200, finalized.statusCode(), finalized.body());
        assertEquals("files/abc123", JSON.readTree(finalized.body()).at("/file/name").asText());
        org.mockserver.model.HttpRequest[] calls = onlyPoolKeysWentUpstream(2);
        assertEquals("/upload/v1beta/files", calls[1].getPath().getValue(), "the prefix is the gateway's, not the upstream's");
        assertEquals(calls[0].getFirstHeader("x-goog-api-key"), calls[1].getFirstHeader("x-goog-api-key"));
    }

    @Test
    void chunkForAnUnknownUploadIs404WithoutUpstreamCall() throws Exception {
        HttpResponse<String> answer = send(chunk(uri("/upload/v1beta/files?upload_id=NOPE&upload_protocol=resumable")));

        assertEquals(404, answer.statusCode());
        JsonNode error = JSON.readTree(answer.body()).get("error");
        assertEquals(404, error.get("code").asInt());
        assertEquals("NOT_FOUND", error.get("status").asText());
        assertTrue(error.get("message").isTextual());
        upstream.verifyZeroInteractions();
    }

    @Test
    void fileListPassesPagingThroughAndDropsTheClientKey() throws Exception {
        upstream.when(request().withMethod("GET").withPath("/v1beta/files"))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"files\":[" + fileJson() + "],\"nextPageToken\":\"page-2\"}"));

        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/v1beta/files?pageSize=10&key=" + CLIENT_TOKEN)).GET());

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode page = JSON.readTree(answer.body());
        assertEquals("files/abc123", page.at("/files/0/name").asText());
        assertEquals("page-2", page.get("nextPageToken").asText());
        org.mockserver.model.HttpRequest sent = onlyPoolKeysWentUpstream(1)[0];
        assertEquals("10", sent.getFirstQueryStringParameter("pageSize"));
        assertEquals(1, sent.getQueryStringParameterList().size(), "pageSize only: " + sent.getQueryStringParameterList());
    }

    private void answerUploadStart() {
        upstream.when(request().withMethod("POST").withPath("/upload/v1beta/files")
                        .withHeader("x-goog-upload-command", "start"))
                .respond(response().withStatusCode(200)
                        .withHeader("x-goog-upload-url", "http://127.0.0.1:" + upstream.getPort()
                                + "/upload/v1beta/files?upload_id=" + UPLOAD_ID + "&upload_protocol=resumable&key=" + LEAKED_KEY)
                        .withHeader("x-goog-upload-status", "active")
                        .withHeader("x-goog-upload-chunk-granularity", "8388608")
                        .withHeader("x-goog-upload-control-url", "http://127.0.0.1:" + upstream.getPort()
                                + "/upload/v1beta/files?upload_id=" + UPLOAD_ID + "&key=" + LEAKED_KEY));
    }

    private void answerUploadFinalize() {
        upstream.when(request().withMethod("POST").withPath("/upload/v1beta/files")
                        .withQueryStringParameter("upload_id", UPLOAD_ID))
                .respond(response().withStatusCode(200).withHeader("Content-Type", "application/json")
                        .withHeader("x-goog-upload-status", "final")
                        .withBody("{\"file\":" + fileJson() + "}"));
    }

    private static String fileJson() {
        return "{\"name\":\"files/abc123\",\"displayName\":\"hello.txt\",\"mimeType\":\"text/plain\",\"sizeBytes\":\""
                + CONTENT.length + "\",\"uri\":\"http://127.0.0.1:" + upstream.getPort() + "/v1beta/files/abc123\","
                + "\"state\":\"ACTIVE\"}";
    }

    /** The start call as the SDKs send it. */
    private HttpRequest.Builder start(String path) {
        return post(path, "{\"file\":{\"displayName\":\"hello.txt\"}}")
                .header("x-goog-api-key", CLIENT_TOKEN)
                .header("x-goog-upload-protocol", "resumable")
                .header("x-goog-upload-command", "start")
                .header("x-goog-upload-header-content-length", Integer.toString(CONTENT.length))
                .header("x-goog-upload-header-content-type", "text/plain");
    }

    /** The one-chunk upload and finalize, to the URL verbatim, labelled JSON as the SDKs do (sic). */
    private HttpRequest.Builder chunk(URI uploadUrl) {
        return HttpRequest.newBuilder(uploadUrl)
                .header("Content-Type", "application/json")
                .header("x-goog-api-key", CLIENT_TOKEN)
                .header("x-goog-upload-command", "upload, finalize")
                .header("x-goog-upload-offset", "0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(CONTENT));
    }

    /**
     * Every upstream call carried a pool key in {@code x-goog-api-key}, and neither the client's
     * token nor any {@code key} parameter went upstream.
     */
    private static org.mockserver.model.HttpRequest[] onlyPoolKeysWentUpstream(int expectedCalls) {
        org.mockserver.model.HttpRequest[] received = upstream.retrieveRecordedRequests(null);
        assertEquals(expectedCalls, received.length, "upstream calls");
        for (org.mockserver.model.HttpRequest call : received) {
            assertTrue(POOL.contains(call.getFirstHeader("x-goog-api-key")), "a pool key in x-goog-api-key");
            assertFalse(call.containsHeader("Authorization"));
            for (Header header : call.getHeaderList()) {
                for (NottableString value : header.getValues()) {
                    assertFalse(value.getValue().contains(CLIENT_TOKEN), "client token in header " + header.getName());
                }
            }
            for (Parameter parameter : call.getQueryStringParameterList()) {
                assertFalse(parameter.getName().getValue().equals("key"), "no key parameter upstream");
                for (NottableString value : parameter.getValues()) {
                    assertFalse(value.getValue().contains(CLIENT_TOKEN), "client token in the query");
                }
            }
        }
        return received;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                assertNull(parameters.put(name, equals < 0 ? "" : pair.substring(equals + 1)), "repeated " + name);
            }
        }
        return parameters;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
