package io.github.geminibalance.gateway.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests that well-behaved clients refuse to send: bytes that
 * are not UTF-8, line breaks in a path, hundreds of headers. Reads one response whole (by its
 * {@code Content-Length}, or until the server closes).
 */
final class RawHttp {

    /** A response: its status and its body as text. */
    record Response(int status, String body) {}

    private RawHttp() {}

    /** Sends {@code head} (request line and headers, each line ending in CRLF, without the blank line) and {@code body}. */
    static Response send(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write((head + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().write(body);
                socket.getOutputStream().flush();
            } catch (IOException refusedEarly) {
                // A server may answer and close before it has read everything (413, 431): its
                // answer is still there to read.
                return readAfter(socket, refusedEarly);
            }
            return read(socket.getInputStream());
        }
    }

    private static Response readAfter(Socket socket, IOException writeFailure) throws IOException {
        try {
            return read(socket.getInputStream());
        } catch (IOException nothingToRead) {
            writeFailure.addSuppressed(nothingToRead);
            throw writeFailure;
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // how much of the blank line's CRLFCRLF has been read
        while (matched < 4) {
            int b = in.read();
            if (b == -1) {
                break;
            }
            head.write(b);
            matched = "\r\n\r\n".charAt(matched) == b ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        if (headers.isEmpty()) {
            throw new IOException("the server closed the connection without a response");
        }
        int status = Integer.parseInt(headers.substring(9, 12));
        int length = -1;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }
}
