package io.github.geminibalance.gateway.openai;

import io.github.geminibalance.gateway.plugin.UploadService;
import io.github.geminibalance.plugin.api.upload.ImageUpload;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@link ImageStore} backed by the operator's upload plugin. Files are named as the original
 * gateway named them, {@code YYYY/MM/DD/<8 hex>.<ext>}, with the extension of their real type.
 */
public final class UploadedImages implements ImageStore {

    private final UploadService uploads;
    private final Clock clock;

    public UploadedImages(UploadService uploads, Clock clock) {
        this.uploads = uploads;
        this.clock = clock;
    }

    @Override
    public boolean active() {
        return uploads.provider().isPresent();
    }

    @Override
    public CompletableFuture<Optional<URI>> store(byte[] data, String mimeType) {
        return uploads.upload(new ImageUpload(data, mimeType, fileName(mimeType)));
    }

    String fileName(String mimeType) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return String.format("%04d/%02d/%02d/%s.%s", today.getYear(), today.getMonthValue(), today.getDayOfMonth(),
                random, extension(mimeType));
    }

    private static String extension(String mimeType) {
        return switch (mimeType) {
            case "image/jpeg" -> "jpg";
            case "image/webp" -> "webp";
            case "image/gif" -> "gif";
            default -> "png";
        };
    }
}
