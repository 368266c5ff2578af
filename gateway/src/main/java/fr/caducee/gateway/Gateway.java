package fr.caducee.gateway;

/**
 * One HL7 message from a hospital, from its frame to its acknowledgement: read and checked ({@code message}), the
 * peer's facility checked, a message sent again answered from the store, then the route that takes its type
 * ({@link MessageRoute}), the outcome audited, the answer stored and returned. {@code AR} when a dependency is down.
 * (Written with the server side: {@code server/gateway}.)
 */
public final class Gateway {
    private Gateway() {
    }
}
