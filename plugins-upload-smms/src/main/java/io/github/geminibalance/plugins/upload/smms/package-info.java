/** The smms image-host upload plugin. */
package io.github.geminibalance.plugins.upload.smms;
