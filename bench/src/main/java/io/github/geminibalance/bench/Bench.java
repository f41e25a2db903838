package io.github.geminibalance.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark jar's commands, for {@code bench/run.sh}:
 * <pre>
 * fake-upstream [--host 127.0.0.1] [--port 9100] [--events 20] [--gap-ms 10]
 * streams --url URL --body JSON [--header Name:Value]... [--clients 16] [--duration-s 20]
 *         [--once] [--ramp-s 0] [--sample-pid PID]
 * jmh [JMH options]
 * </pre>
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: fake-upstream | streams | jmh (see the class comment)");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "fake-upstream" -> fakeUpstream(options(rest));
            case "streams" -> streams(rest);
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void fakeUpstream(Map<String, String> options) throws InterruptedException {
        FakeGemini fake = new FakeGemini(options.getOrDefault("host", "127.0.0.1"),
                Integer.parseInt(options.getOrDefault("port", "9100")),
                Integer.parseInt(options.getOrDefault("events", "20")),
                Long.parseLong(options.getOrDefault("gap-ms", "10"))).start();
        System.out.println("fake Gemini upstream listening on port " + fake.port());
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        Thread.currentThread().join();
    }

    private static void streams(String[] args) throws InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        boolean once = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--once" -> once = true;
                case "--header" -> {
                    String header = args[++i];
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
                }
                default -> options.put(args[i].substring(2), args[++i]);
            }
        }
        headers.putIfAbsent("Content-Type", "application/json");
        StreamLoad load = new StreamLoad();
        try {
            StreamLoad.Result result = load.run(URI.create(required(options, "url")), headers, required(options, "body"),
                    Integer.parseInt(options.getOrDefault("clients", "16")), once,
                    Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration-s", "20"))),
                    Duration.ofSeconds(Long.parseLong(options.getOrDefault("ramp-s", "0"))),
                    Long.parseLong(options.getOrDefault("sample-pid", "0")));
            System.out.println(result.summary());
        } finally {
            load.close();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
