package io.github.geminibalance.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * An image as {@code docker save} and {@code jib:buildTar} write it: a tar of {@code manifest.json}, the
 * image configuration it names, and gzipped layer tars.
 *
 * @param config the configuration's {@code config} object: entrypoint, user, ports, volumes...
 * @param files the files of all layers by absolute path, a later layer's file in place of an earlier
 *     one's (Jib writes no whiteouts, so nothing is deleted)
 */
record ContainerImage(JsonNode config, Map<String, Tar.Entry> files) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ContainerImage read(Path tar) throws IOException {
        Map<String, byte[]> members = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar))) {
            for (Tar.Entry member : Tar.read(in)) {
                members.put(member.path(), member.content());
            }
        }
        JsonNode manifest = JSON.readTree(member(members, "manifest.json")).get(0);
        JsonNode config = JSON.readTree(member(members, manifest.get("Config").asText())).get("config");
        Map<String, Tar.Entry> files = new LinkedHashMap<>();
        for (JsonNode layer : manifest.get("Layers")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(member(members, layer.asText())))) {
                for (Tar.Entry entry : Tar.read(in)) {
                    files.put("/" + entry.path(), entry);
                }
            }
        }
        return new ContainerImage(config, files);
    }

    private static byte[] member(Map<String, byte[]> members, String name) {
        return Objects.requireNonNull(members.get(name), () -> "the image tar has no " + name);
    }

    List<String> entrypoint() {
        return strings(config.path("Entrypoint"));
    }

    List<String> cmd() {
        return strings(config.path("Cmd"));
    }

    String user() {
        return config.path("User").asText();
    }

    String workingDir() {
        return config.path("WorkingDir").asText();
    }

    Set<String> exposedPorts() {
        return keys(config.path("ExposedPorts"));
    }

    Set<String> volumes() {
        return keys(config.path("Volumes"));
    }

    /** The environment, name to value. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String variable : strings(config.path("Env"))) {
            int equals = variable.indexOf('=');
            env.put(variable.substring(0, equals), variable.substring(equals + 1));
        }
        return env;
    }

    /** The paths below {@code directory}, at any depth. */
    Set<String> pathsUnder(String directory) {
        Set<String> paths = new TreeSet<>();
        for (String path : files.keySet()) {
            if (path.startsWith(directory + "/")) {
                paths.add(path);
            }
        }
        return paths;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(element -> strings.add(element.asText()));
        return strings;
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> keys = new TreeSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
