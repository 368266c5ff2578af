/**
 * What the patient is told of their record by mail: a new document in it. Such a message carries no clinical data
 * beyond the document's title.
 */
package fr.caducee.records.notice;
