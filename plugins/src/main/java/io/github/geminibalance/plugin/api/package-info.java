/**
 * The public plugin API of gemini-balance: PF4J extension points (image uploaders, tools,
 * protocol adapters) and the small value types they exchange with the host. Plugins compile
 * against this module alone, with it, PF4J and SLF4J as {@code provided} dependencies.
 */
package io.github.geminibalance.plugin.api;
