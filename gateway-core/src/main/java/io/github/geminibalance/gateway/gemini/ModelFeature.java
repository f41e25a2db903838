package io.github.geminibalance.gateway.gemini;

/** A feature a client asks for by appending a suffix to the model name. */
public enum ModelFeature {
    NONE(""),
    /** {@code -search}: the googleSearch tool. */
    SEARCH("-search"),
    /** {@code -image}: text and image output. */
    IMAGE("-image"),
    /** {@code -non-thinking}: thinking switched off (or to its minimum). */
    NON_THINKING("-non-thinking");

    private final String suffix;

    ModelFeature(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}
