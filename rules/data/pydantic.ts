// Pydantic 1 -> 2 configuration, as data (from Pydantic's migration guide and
// `pydantic/_internal/_config.py`: V2_RENAMED_KEYS, V2_REMOVED_KEYS, ConfigDict).

/** v1 `class Config` option -> its `ConfigDict` name. */
export const CONFIG_RENAMED: Readonly<Record<string, string>> = {
  allow_population_by_field_name: 'populate_by_name',
  anystr_lower: 'str_to_lower',
  anystr_strip_whitespace: 'str_strip_whitespace',
  anystr_upper: 'str_to_upper',
  keep_untouched: 'ignored_types',
  max_anystr_length: 'str_max_length',
  min_anystr_length: 'str_min_length',
  orm_mode: 'from_attributes',
  schema_extra: 'json_schema_extra',
  validate_all: 'validate_default',
};

/** v1 options with a boolean inverted in v2: `allow_mutation = False` is `frozen=True`. */
export const CONFIG_INVERTED: Readonly<Record<string, string>> = {
  allow_mutation: 'frozen',
};

/** v1 options Pydantic 2 removed, with no direct replacement. */
export const CONFIG_REMOVED: ReadonlySet<string> = new Set([
  'error_msg_templates',
  'fields',
  'getter_dict',
  'smart_union',
  'underscore_attrs_are_private',
  'json_loads',
  'json_dumps',
  'copy_on_model_validation',
  'post_init_call',
]);

/** Keys of Pydantic 2's `ConfigDict`. */
export const CONFIG_KEYS: ReadonlySet<string> = new Set([
  'title',
  'model_title_generator',
  'field_title_generator',
  'str_to_lower',
  'str_to_upper',
  'str_strip_whitespace',
  'str_min_length',
  'str_max_length',
  'extra',
  'frozen',
  'populate_by_name',
  'use_enum_values',
  'validate_assignment',
  'arbitrary_types_allowed',
  'from_attributes',
  'loc_by_alias',
  'alias_generator',
  'ignored_types',
  'allow_inf_nan',
  'json_schema_extra',
  'json_encoders',
  'strict',
  'revalidate_instances',
  'ser_json_timedelta',
  'ser_json_temporal',
  'val_temporal_unit',
  'ser_json_bytes',
  'val_json_bytes',
  'ser_json_inf_nan',
  'validate_default',
  'validate_return',
  'protected_namespaces',
  'hide_input_in_errors',
  'defer_build',
  'plugin_settings',
  'schema_generator',
  'json_schema_serialization_defaults_required',
  'json_schema_mode_override',
  'coerce_numbers_to_str',
  'regex_engine',
  'validation_error_cause',
  'use_attribute_docstrings',
  'cache_strings',
  'validate_by_alias',
  'validate_by_name',
  'serialize_by_alias',
  'url_preserve_empty_path',
]);

/** Extra keys of pydantic-settings' `SettingsConfigDict` (v1 settings options kept their names). */
export const SETTINGS_CONFIG_KEYS: ReadonlySet<string> = new Set([
  'case_sensitive',
  'nested_model_default_partial_update',
  'env_prefix',
  'env_file',
  'env_file_encoding',
  'env_ignore_empty',
  'env_nested_delimiter',
  'env_nested_max_split',
  'env_parse_none_str',
  'env_parse_enums',
  'secrets_dir',
  'json_file',
  'json_file_encoding',
  'yaml_file',
  'yaml_file_encoding',
  'yaml_config_section',
  'toml_file',
  'pyproject_toml_depth',
  'pyproject_toml_table_header',
  'enable_decoding',
]);
