/**
 * Full-reference evaluation of models as SR papers do it ({@link io.sr4j.eval.Evaluation}), the
 * library behind {@code sr4j eval} and docs/QUALITY.md.
 */
package io.sr4j.eval;
