/**
 * Prompt routers: the control plane of default and custom routers, the {@link dev.outcrop.router.QualityPredictor}
 * SPI with its built-in and HTTP predictors, the decision between a router's two models, and the offline
 * evaluation of a router over recorded conversations.
 */
package dev.outcrop.router;
