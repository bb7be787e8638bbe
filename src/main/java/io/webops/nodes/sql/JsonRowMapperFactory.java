package io.webops.nodes.sql;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSetMetaData;
import org.apache.camel.component.sql.RowMapperFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * Maps each row camel-sql reads straight to a JSON object ({@link SqlValues#toJson}), keyed by
 * the column labels, instead of a case-insensitive map converted afterwards.
 */
final class JsonRowMapperFactory implements RowMapperFactory {

    @Override
    public RowMapper<ObjectNode> newColumnRowMapper() {
        // one mapper per result set: the labels are read from its first row
        return new RowMapper<>() {
            private String[] labels;

            @Override
            public ObjectNode mapRow(java.sql.ResultSet rs, int rowNum) throws java.sql.SQLException {
                if (labels == null) {
                    ResultSetMetaData meta = rs.getMetaData();
                    labels = new String[meta.getColumnCount()];
                    for (int i = 0; i < labels.length; i++) {
                        labels[i] = JdbcUtils.lookupColumnName(meta, i + 1);
                    }
                }
                ObjectNode row = JsonNodeFactory.instance.objectNode();
                for (int i = 0; i < labels.length; i++) {
                    row.set(labels[i], SqlValues.toJson(JdbcUtils.getResultSetValue(rs, i + 1)));
                }
                return row;
            }
        };
    }

    @Override
    public RowMapper<?> newBeanRowMapper(Class<?> type) {
        throw new UnsupportedOperationException("The SQL nodes read rows as JSON objects, not as " + type.getName());
    }
}
