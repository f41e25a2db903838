package io.github.geminibalance.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile's instructions, read as far as comparing it with an image needs: comment lines dropped,
 * continued lines joined, each instruction split into its keyword and the rest.
 */
record Dockerfile(List<Instruction> instructions) {

    record Instruction(String keyword, String arguments) {
    }

    static Dockerfile read(Path file) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            String instruction = pending.append(trimmed).toString();
            pending.setLength(0);
            String[] split = instruction.split("\\s+", 2);
            instructions.add(new Instruction(split[0].toUpperCase(Locale.ROOT), split.length > 1 ? split[1] : ""));
        }
        return new Dockerfile(List.copyOf(instructions));
    }

    /** The instructions of the last stage, the one that becomes the image, from its FROM on. */
    List<Instruction> finalStage() {
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                from = i;
            }
        }
        return instructions.subList(from, instructions.size());
    }

    /** The arguments of every {@code keyword} instruction of the final stage, in order. */
    List<String> inFinalStage(String keyword) {
        return finalStage().stream()
                .filter(instruction -> instruction.keyword().equals(keyword))
                .map(Instruction::arguments)
                .toList();
    }
}
