/**
 * Builders for the six record bodies: named steps that cannot be swapped, checked on {@code
 * build()} by the same validator the SDK runs at save and the server at push. The SDK hands them
 * out from {@code org.fieldsync.client.records.RecordBodies}, configured to throw its own
 * exception type.
 */
package org.fieldsync.protocol.records.builders;
