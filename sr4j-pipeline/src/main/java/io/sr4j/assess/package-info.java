/**
 * From a no-reference assessment ({@link io.sr4j.quality.QualityAssessor}) to the catalogue models
 * an image should go through ({@link io.sr4j.assess.PipelineAdvisor}).
 */
package io.sr4j.assess;
