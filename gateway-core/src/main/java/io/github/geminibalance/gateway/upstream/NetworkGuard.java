package io.github.geminibalance.gateway.upstream;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Keeps URLs that clients hand the gateway (images to fetch) away from the gateway's own network:
 * loopback, private, link-local, unique-local, multicast and unspecified addresses are refused
 * unless the operator allowed them. The check is made by the DNS resolver of the connection, on
 * the very addresses it connects to, so DNS tricks (a name that resolves differently the second
 * time, a redirect to an internal host) cannot get round it.
 */
public final class NetworkGuard implements DnsResolver {

    private final Set<String> allowedHosts;
    private final List<Cidr> allowedRanges;

    /** @param allowed host names, IP addresses and CIDR ranges that are reachable even when private */
    public NetworkGuard(List<String> allowed) {
        List<Cidr> ranges = new ArrayList<>();
        for (String entry : allowed) {
            Cidr.parse(entry).ifPresent(ranges::add);
        }
        this.allowedRanges = List.copyOf(ranges);
        this.allowedHosts = allowed.stream().map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
        if (allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            if (!permitted(address)) {
                throw new UnknownHostException(host + " resolves to a private or local address, which is not allowed"
                        + " (IMAGE_FETCH_ALLOWED_NETWORKS)");
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }

    /** Whether a connection to this address is allowed. */
    public boolean permitted(InetAddress address) {
        if (allowedRanges.stream().anyMatch(range -> range.contains(address))) {
            return true;
        }
        return !(address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress() || isUniqueLocal(address)
                || isCarrierGradeNat(address) || isMappedPrivate(address));
    }

    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc; // fc00::/7
    }

    private static boolean isCarrierGradeNat(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64; // 100.64/10
    }

    /** An IPv4 address written as IPv6 ({@code ::ffff:127.0.0.1}) is judged as the IPv4 address it is. */
    private boolean isMappedPrivate(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (!(address instanceof Inet6Address) || bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return false;
        }
        try {
            return !permitted(InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]}));
        } catch (UnknownHostException impossible) {
            return true;
        }
    }

    /** An address range like {@code 10.0.0.0/8}, or one address. */
    record Cidr(byte[] network, int prefix) {

        static Optional<Cidr> parse(String entry) {
            String[] parts = entry.split("/", 2);
            if (!parts[0].matches("[0-9.]+|[0-9A-Fa-f:]+")) {
                return Optional.empty(); // a host name
            }
            try {
                byte[] network = InetAddress.getByName(parts[0]).getAddress(); // a literal: no DNS lookup
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
                return prefix < 0 || prefix > network.length * 8
                        ? Optional.empty() : Optional.of(new Cidr(network, prefix));
            } catch (UnknownHostException | NumberFormatException e) {
                return Optional.empty();
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
