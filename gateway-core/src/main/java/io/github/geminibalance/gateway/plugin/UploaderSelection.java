package io.github.geminibalance.gateway.plugin;

import io.github.geminibalance.gateway.config.ConfigProblem;
import io.github.geminibalance.plugin.api.PluginSettings;
import io.github.geminibalance.plugin.api.upload.ImageUploader;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploader {@code UPLOAD_PROVIDER} selects among the installed ones, and what is wrong with the
 * choice. Only a choice the operator made is checked: the default, {@code smms}, quietly falls back
 * to data URLs when it is not installed or has no token, as in the original gateway.
 *
 * @param uploader the uploader to use; empty when images are returned as data URLs instead
 * @param errors an {@code UPLOAD_PROVIDER} that no installed uploader answers to
 * @param warnings a chosen uploader that is installed but lacks its settings
 */
public record UploaderSelection(
        Optional<Loaded<ImageUploader>> uploader, List<ConfigProblem> errors, List<ConfigProblem> warnings) {

    private static final Logger log = LoggerFactory.getLogger(UploaderSelection.class);

    private static final String SETTING = "UPLOAD_PROVIDER";
    private static final String DATA_URLS = "; until then images are returned as data URLs";

    public UploaderSelection {
        Objects.requireNonNull(uploader, "uploader");
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param provider {@code UPLOAD_PROVIDER} as the configuration holds it (its default when unset)
     * @param settings the raw settings, which tell whether {@code UPLOAD_PROVIDER} was set and
     *     whether the uploader has what it needs
     */
    public static UploaderSelection of(String provider, PluginSettings settings, PluginHost plugins) {
        boolean chosen = settings.get(SETTING).isPresent();
        Optional<Loaded<ImageUploader>> installed = plugins.uploader(provider);
        if (installed.isEmpty()) {
            String expected = plugins.uploaders().isEmpty()
                    ? "the id of an installed uploader; there is none in " + plugins.directory()
                    : "one of the installed uploaders: " + String.join(", ", plugins.uploaders().keySet());
            return new UploaderSelection(Optional.empty(),
                    chosen ? List.of(new ConfigProblem(SETTING, provider, expected + DATA_URLS)) : List.of(), List.of());
        }
        Loaded<ImageUploader> uploader = installed.get();
        if (!configured(uploader, settings)) {
            String expected = "the settings of uploader " + uploader.id() + settingNames(uploader) + DATA_URLS;
            return new UploaderSelection(Optional.empty(), List.of(),
                    chosen ? List.of(new ConfigProblem(SETTING, provider, expected)) : List.of());
        }
        return new UploaderSelection(installed, List.of(), List.of());
    }

    /** A plugin that cannot tell counts as not configured. */
    private static boolean configured(Loaded<ImageUploader> uploader, PluginSettings settings) {
        try {
            return uploader.extension().isConfigured(settings);
        } catch (RuntimeException | LinkageError e) {
            log.warn("plugin {}: uploader {} failed to check its settings", uploader.pluginId(), uploader.id(), e);
            return false;
        }
    }

    private static String settingNames(Loaded<ImageUploader> uploader) {
        try {
            return " (" + String.join(", ", uploader.extension().settingNames()) + ")";
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
    }
}
