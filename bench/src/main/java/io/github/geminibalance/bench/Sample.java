package io.github.geminibalance.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A process's resident memory, threads and open files, read from {@code /proc}. */
record Sample(long rssKib, int threads, int openFiles) {

    static Sample of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        long rss = 0;
        int threads = 0;
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D+", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D+", ""));
                }
            }
            try (Stream<Path> files = Files.list(proc.resolve("fd"))) {
                return new Sample(rss, threads, (int) files.count());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + proc + ": " + e.getMessage(), e);
        }
    }

    String summary() {
        return "rss_mib=%.0f threads=%d open_files=%d".formatted(rssKib / 1024.0, threads, openFiles);
    }
}
