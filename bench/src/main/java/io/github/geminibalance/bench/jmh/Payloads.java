package io.github.geminibalance.bench.jmh;

import java.nio.charset.StandardCharsets;

/** What the benchmarks feed the gateway: typical bodies and events in their wire form. */
final class Payloads {

    /** Events in one streamed answer: a few paragraphs at Gemini's usual chunk size. */
    static final int STREAM_CHUNKS = 20;

    /**
     * A chat request as agent front ends send it: a system prompt, three turns, one tool, and the
     * two sampling options nearly every client sets.
     */
    static final byte[] CHAT_REQUEST = utf8("""
            {"model":"gemini-2.5-flash","messages":[
             {"role":"system","content":"You are a concise assistant for a travel booking site. Answer in English."},
             {"role":"user","content":"I am flying to Lisbon next week. What should I pack?"},
             {"role":"assistant","content":"Light layers, a rain jacket and comfortable shoes: Lisbon is hilly and \
            spring showers are common."},
             {"role":"user","content":"What will the weather be like on Tuesday?"}],
             "tools":[{"type":"function","function":{"name":"get_weather",
              "description":"Current weather and forecast for a city",
              "parameters":{"type":"object","properties":{
               "city":{"type":"string","description":"The city name"},
               "date":{"type":"string","description":"An ISO 8601 date"},
               "unit":{"type":"string","enum":["celsius","fahrenheit"]}},
              "required":["city"]}}}],
             "temperature":0.7,"max_tokens":1024}""");

    /** A {@code generateContent} answer of about 600 bytes: one text candidate, STOP, usage. */
    static final byte[] GEMINI_ANSWER = utf8("""
            {"candidates":[{"content":{"parts":[{"text":"Tuesday in Lisbon looks mild: around 19 °C in the \
            afternoon, 12 °C at night, with a light breeze from the Atlantic. Showers are possible in the \
            morning, so keep the rain jacket handy; the afternoon should be dry and partly sunny, good \
            weather for walking up to the castle."}],"role":"model"},"finishReason":"STOP","index":0}],\
            "usageMetadata":{"promptTokenCount":112,"candidatesTokenCount":64,"totalTokenCount":176,\
            "promptTokensDetails":[{"modality":"TEXT","tokenCount":112}]},"modelVersion":"gemini-2.5-flash",\
            "responseId":"bench-0000000000000000000000"}""");

    private Payloads() {}

    /**
     * The data of event {@code index} (0-based) of a streamed answer: a sentence of text and the
     * running usage, as Gemini sends it; the last event also finishes the candidate.
     */
    static String streamChunk(int index) {
        boolean last = index == STREAM_CHUNKS - 1;
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Sentence " + index
                + " of the answer, about as long as one Gemini streams at a time. \"}],\"role\":\"model\"}"
                + (last ? ",\"finishReason\":\"STOP\"" : "") + ",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":112,\"candidatesTokenCount\":" + 14 * (index + 1)
                + ",\"totalTokenCount\":" + (112 + 14 * (index + 1)) + "},"
                + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"bench-s\"}";
    }

    /** The whole {@code streamGenerateContent?alt=sse} body: every chunk as a CRLF-framed event, as Google frames them. */
    static byte[] sseStream() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < STREAM_CHUNKS; i++) {
            body.append("data: ").append(streamChunk(i)).append("\r\n\r\n");
        }
        return utf8(body.toString());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
