package io.github.geminibalance.gateway.redact;

import io.github.geminibalance.gateway.config.GatewayConfig;
import io.github.geminibalance.gateway.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text that leaves the gateway: upstream error messages relayed to clients
 * ("Consumer 'api_key:AIza...' has been suspended" quotes the key) and log lines. It masks every
 * configured secret, and anything shaped like a Google API key even if it is not ours.
 */
public final class Redactor {

    private static final Pattern GOOGLE_API_KEY = Pattern.compile("AIza[0-9A-Za-z_\\-]{35}");

    private final List<String> secrets;

    /** A redactor for every secret of a configuration: pool keys, client, admin and metrics tokens, the paid key. */
    public static Redactor forConfig(GatewayConfig config) {
        List<Secret> secrets = new ArrayList<>(config.keys().apiKeys());
        secrets.addAll(config.auth().allowedTokens());
        config.auth().adminToken().ifPresent(secrets::add);
        config.auth().metricsToken().ifPresent(secrets::add);
        config.keys().paidKey().ifPresent(secrets::add);
        config.upload().smmsSecretToken().ifPresent(secrets::add);
        config.upload().picgoApiKey().ifPresent(secrets::add);
        config.upload().cloudflareImgbedAuthCode().ifPresent(secrets::add);
        return new Redactor(secrets);
    }

    public Redactor(Collection<Secret> secrets) {
        this.secrets = secrets.stream()
                .map(Secret::value)
                .filter(value -> value.length() >= 8) // shorter ones would mask ordinary words
                .distinct()
                .toList();
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, Secret.mask(secret));
            }
        }
        Matcher matcher = GOOGLE_API_KEY.matcher(result);
        return matcher.find() ? matcher.replaceAll(match -> Matcher.quoteReplacement(Secret.mask(match.group()))) : result;
    }

    /** Redacts a UTF-8 body; returns the same array when there was nothing to mask. */
    public byte[] redact(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String redacted = redact(text);
        return redacted.equals(text) ? body : redacted.getBytes(StandardCharsets.UTF_8);
    }
}
