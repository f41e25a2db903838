/**
 * The Cloudflare ImgBed upload plugin ({@code UPLOAD_PROVIDER=cloudflare_imgbed}): one {@link
 * io.github.geminibalance.plugins.upload.cfimgbed.CloudflareImgbedUploader}, settings
 * {@code CLOUDFLARE_IMGBED_URL}, {@code CLOUDFLARE_IMGBED_AUTH_CODE} and
 * {@code CLOUDFLARE_IMGBED_UPLOAD_FOLDER}.
 */
package io.github.geminibalance.plugins.upload.cfimgbed;
