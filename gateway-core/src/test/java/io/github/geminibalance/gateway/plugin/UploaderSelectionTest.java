package io.github.geminibalance.gateway.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.geminibalance.gateway.config.ConfigProblem;
import io.github.geminibalance.plugin.api.PluginSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploaderSelectionTest {

    private static final String DATA_URLS = "; until then images are returned as data URLs";

    @TempDir
    Path dir;

    @Test
    void theDefaultFallsBackToDataUrlsQuietlyWhenNotInstalled() {
        try (PluginHost host = PluginHost.start(dir)) {
            UploaderSelection selection = UploaderSelection.of("smms", settings(Map.of()), host);

            assertEquals(new UploaderSelection(Optional.empty(), List.of(), List.of()), selection);
        }
    }

    @Test
    void aChosenIdNoInstalledUploaderHasIsAnErrorListingTheInstalledOnes() {
        TestPlugins.goodUploader(dir);
        TestPlugins.slowUploader(dir);

        try (PluginHost host = PluginHost.start(dir)) {
            UploaderSelection selection = UploaderSelection.of("picgo", settings(Map.of("UPLOAD_PROVIDER", "picgo")), host);

            assertEquals(Optional.empty(), selection.uploader());
            assertEquals(List.of(new ConfigProblem("UPLOAD_PROVIDER", "picgo",
                    "one of the installed uploaders: good, slow" + DATA_URLS)), selection.errors());
        }
    }

    @Test
    void aChosenIdWithNoUploaderInstalledNamesTheDirectory() {
        try (PluginHost host = PluginHost.start(dir)) {
            UploaderSelection selection = UploaderSelection.of("picgo", settings(Map.of("UPLOAD_PROVIDER", "picgo")), host);

            assertEquals(List.of(new ConfigProblem("UPLOAD_PROVIDER", "picgo",
                    "the id of an installed uploader; there is none in " + dir + DATA_URLS)), selection.errors());
        }
    }

    @Test
    void aChosenUploaderWithoutItsSettingsIsAWarningNamingThem() {
        TestPlugins.goodUploader(dir);

        try (PluginHost host = PluginHost.start(dir)) {
            UploaderSelection selection = UploaderSelection.of("good", settings(Map.of("UPLOAD_PROVIDER", "good")), host);

            assertEquals(Optional.empty(), selection.uploader());
            assertEquals(List.of(), selection.errors());
            assertEquals(List.of(new ConfigProblem("UPLOAD_PROVIDER", "good",
                    "the settings of uploader good (GOOD_TOKEN)" + DATA_URLS)), selection.warnings());
        }
    }

    @Test
    void aConfiguredUploaderIsSelected() {
        TestPlugins.goodUploader(dir);

        try (PluginHost host = PluginHost.start(dir)) {
            UploaderSelection selection = UploaderSelection.of("good",
                    settings(Map.of("UPLOAD_PROVIDER", "good", "GOOD_TOKEN", "t")), host);

            assertEquals("good-uploader", selection.uploader().orElseThrow().pluginId());
            assertEquals(List.of(), selection.errors());
            assertEquals(List.of(), selection.warnings());
        }
    }

    private static PluginSettings settings(Map<String, String> values) {
        return HostPluginContext.settingsOf(values);
    }
}
