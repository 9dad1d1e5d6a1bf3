/**
 * Building record bodies from the SDK's own package: {@link
 * org.fieldsync.client.records.RecordBodies} hands out one checked builder per record type.
 */
package org.fieldsync.client.records;
