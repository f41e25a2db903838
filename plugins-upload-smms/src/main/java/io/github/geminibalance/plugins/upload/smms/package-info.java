/**
 * The SM.MS upload plugin ({@code UPLOAD_PROVIDER=smms}): one {@link
 * io.github.geminibalance.plugins.upload.smms.SmmsUploader}, settings {@code SMMS_SECRET_TOKEN} and
 * {@code SMMS_API_URL}.
 */
package io.github.geminibalance.plugins.upload.smms;
