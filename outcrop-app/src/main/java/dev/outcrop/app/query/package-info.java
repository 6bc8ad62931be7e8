/**
 * The AWS query protocol that CloudFormation's and STS's APIs share on Outcrop's port: a signed {@code POST /} with
 * a form body ({@link QueryForm}), XML answers and the {@code ErrorResponse} document ({@link QueryXml}), one
 * service's namespace and error mapping ({@link QueryProtocol}), and the dispatch by signing service
 * ({@link QueryDispatch}).
 */
package dev.outcrop.app.query;
