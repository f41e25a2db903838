/** The picgo image-host upload plugin. */
package io.github.geminibalance.plugins.upload.picgo;
