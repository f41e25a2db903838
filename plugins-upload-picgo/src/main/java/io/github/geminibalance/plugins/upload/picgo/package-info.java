/**
 * The PicGo upload plugin ({@code UPLOAD_PROVIDER=picgo}): one {@link
 * io.github.geminibalance.plugins.upload.picgo.PicgoUploader} for picgo.net or any host speaking
 * Chevereto's API v1, settings {@code PICGO_API_KEY} and {@code PICGO_API_URL}.
 */
package io.github.geminibalance.plugins.upload.picgo;
