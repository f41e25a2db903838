package io.github.geminibalance.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedLabelTest {

    @Test
    void theFirstValuesKeepTheirNamesAndTheRestShareOther() {
        BoundedLabel label = new BoundedLabel(2);

        assertEquals("gemini-2.5-flash", label.of("gemini-2.5-flash"));
        assertEquals("gemini-2.5-pro", label.of("gemini-2.5-pro"));
        assertEquals(BoundedLabel.OTHER, label.of("made-up-1"));
        assertEquals(BoundedLabel.OTHER, label.of("made-up-2"));
        assertEquals("gemini-2.5-flash", label.of("gemini-2.5-flash"), "an admitted value keeps its name");
        assertEquals("gemini-2.5-pro", label.of("gemini-2.5-pro"));
    }

    @Test
    void valuesRacingForTheLastPlacesNeverExceedTheLimit() throws Exception {
        int limit = 10;
        BoundedLabel label = new BoundedLabel(limit);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        Set<String> named = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> runs = IntStream.range(0, 4).<Future<?>>mapToObj(t -> threads.submit(() -> {
                go.await();
                for (int i = 0; i < 1_000; i++) {
                    named.add(label.of("model-" + (i * 7 + t) % 200));
                }
                return null;
            })).toList();
            go.countDown();
            for (Future<?> run : runs) {
                run.get(10, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        named.remove(BoundedLabel.OTHER);
        assertEquals(limit, named.size(), named::toString);
    }

    @Test
    void aLimitBelowOneIsABug() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedLabel(0));
    }
}
