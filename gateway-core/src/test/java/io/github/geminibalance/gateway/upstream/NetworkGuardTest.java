package io.github.geminibalance.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NetworkGuardTest {

    private final NetworkGuard strict = new NetworkGuard(List.of());

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, false", "10.1.2.3, false", "172.16.0.1, false", "192.168.1.1, false", "169.254.169.254, false",
        "100.64.0.1, false", "0.0.0.0, false", "224.0.0.1, false", "::1, false", "fe80::1, false", "fd00::1, false",
        "::ffff:127.0.0.1, false", "::ffff:10.0.0.1, false",
        "8.8.8.8, true", "142.250.74.100, true", "2001:4860:4860::8888, true"})
    void refusesTheLocalNetworkByDefault(String address, boolean permitted) throws Exception {
        assertEquals(permitted, strict.permitted(InetAddress.getByName(address)), address);
    }

    @Test
    void allowedRangesAndHostsAreReachable() throws Exception {
        NetworkGuard lenient = new NetworkGuard(List.of("10.0.0.0/8", "127.0.0.1", "localhost"));
        assertEquals(true, lenient.permitted(InetAddress.getByName("10.20.30.40")));
        assertEquals(true, lenient.permitted(InetAddress.getByName("127.0.0.1")));
        assertEquals(false, lenient.permitted(InetAddress.getByName("192.168.0.1")));
        assertArrayEquals(InetAddress.getAllByName("localhost"), lenient.resolve("localhost"));
    }

    @Test
    void resolvingToALocalAddressFailsTheConnection() {
        UnknownHostException refused = assertThrows(UnknownHostException.class, () -> strict.resolve("localhost"));
        assertEquals(true, refused.getMessage().contains("IMAGE_FETCH_ALLOWED_NETWORKS"));
    }
}
