/**
 * The SSRF guard for the connections the stock {@code ftp-*}, {@code sftp-*} and {@code jms-apache-artemis-*}
 * Kamelets open. Those reach their components by scheme, so {@link io.webops.kamelets.guard.ConnectionGuards#install}
 * puts guarded {@code ftp} and {@code sftp} components in the CamelContext in place of camel-ftp's own (every socket
 * goes through {@link io.webops.security.SsrfSocketFactory}), and pins the Artemis connection factories of JMS
 * endpoints to broker addresses the guard judged.
 *
 * <p>Not covered, so refused: {@code ftps} (commons-net's FTPSClient puts its own socket factory back on disconnect and
 * on {@code execPROT}). Not covered: JMS connection factories other than Artemis's.
 */
package io.webops.kamelets.guard;
