/**
 * Secure mailboxes (boîtes aux lettres, BAL): their type as published by the national directory and their address,
 * validated and normalised so that one canonical string identifies each box, with patient addresses told apart.
 */
package fr.caducee.domain.model;
