package fr.caducee.server.gateway;

/** The spool's first look at a gateway mail: a second copy of one already taken is not delivered. (To be written.) */
public final class GatewayDuplicates {
}
