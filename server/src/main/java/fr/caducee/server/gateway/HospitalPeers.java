package fr.caducee.server.gateway;

/** The hospitals declared to the gateway and the checks of a connection's peer and of MSH-4. (To be written.) */
public final class HospitalPeers {
}
