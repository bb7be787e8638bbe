package io.webops.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name resolution used by {@link SsrfGuard}; tests inject a fake one. */
@FunctionalInterface
public interface HostResolver {

    InetAddress[] resolve(String host) throws UnknownHostException;

    /** The JVM's resolver ({@link InetAddress#getAllByName(String)}). */
    static HostResolver system() {
        return InetAddress::getAllByName;
    }
}
