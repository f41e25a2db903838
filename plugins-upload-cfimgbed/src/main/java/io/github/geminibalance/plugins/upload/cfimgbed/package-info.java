/** The cfimgbed image-host upload plugin. */
package io.github.geminibalance.plugins.upload.cfimgbed;
