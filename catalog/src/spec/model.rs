//! The normalized OpenAPI model: one shape for Swagger 2.0, OpenAPI 3.0 and 3.1, lenient about
//! what real specs get wrong, with `$ref`s already resolved into an arena of schemas.

use serde::Serialize;

use crate::doc::Pos;

/// Which OpenAPI dialect a spec is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    /// Swagger 2.0.
    Swagger2,
    /// OpenAPI 3.0.x.
    OpenApi30,
    /// OpenAPI 3.1.x.
    OpenApi31,
}

/// Index of a schema in [`Spec::schemas`]. A `$ref` to a named schema resolves to the same id
/// everywhere, so recursive schemas are cycles in this graph (renderers must track visits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SchemaId(pub u32);

/// One API description, normalized.
#[derive(Debug, Clone, Serialize)]
pub struct Spec {
    /// The dialect.
    pub dialect: Dialect,
    /// The version string as written: `2.0`, `3.0.3`, `3.1.0`.
    pub spec_version: String,
    /// `info`.
    pub info: Info,
    /// Servers (2.0: from `schemes`, `host` and `basePath`). URLs may be relative.
    pub servers: Vec<Server>,
    /// Tags declared at the top level, in order (tags only used by operations are appended).
    pub tags: Vec<Tag>,
    /// Operations in document order (paths, then get, put, post, delete, options, head, patch, trace).
    pub operations: Vec<Operation>,
    /// OpenAPI 3.1 `webhooks` (and `x-webhooks`), shaped like operations; `path` is the webhook name.
    pub webhooks: Vec<Operation>,
    /// Security schemes, in declaration order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Top-level security requirements (alternatives).
    pub security: Vec<SecurityRequirement>,
    /// Named schemas (`components/schemas`, 2.0 `definitions`) in declaration order.
    pub components: Vec<NamedSchema>,
    /// All schemas, named and inline.
    pub schemas: Vec<Schema>,
    /// `externalDocs`.
    pub external_docs: Option<ExternalDocs>,
}

/// `info`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Info {
    /// Title.
    pub title: String,
    /// Version exactly as written (`1.10` stays `1.10`).
    pub version: String,
    /// Markdown description.
    pub description: Option<String>,
    /// `termsOfService`.
    pub terms_of_service: Option<String>,
    /// Contact.
    pub contact: Option<SpecContact>,
    /// Licence.
    pub license: Option<License>,
}

/// `info.contact`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SpecContact {
    /// Name.
    pub name: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// E-mail.
    pub email: Option<String>,
}

/// `info.license`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct License {
    /// Name.
    pub name: String,
    /// URL.
    pub url: Option<String>,
    /// SPDX identifier (3.1).
    pub identifier: Option<String>,
}

/// `externalDocs`.
#[derive(Debug, Clone, Serialize)]
pub struct ExternalDocs {
    /// URL.
    pub url: String,
    /// Description.
    pub description: Option<String>,
}

/// A server the API is served from.
#[derive(Debug, Clone, Serialize)]
pub struct Server {
    /// URL with variables replaced by their defaults; may be relative (`/api/v1`).
    pub url: String,
    /// URL as written, with `{variables}`.
    pub template: String,
    /// Description.
    pub description: Option<String>,
    /// Server variables.
    pub variables: Vec<ServerVariable>,
}

/// A server URL variable.
#[derive(Debug, Clone, Serialize)]
pub struct ServerVariable {
    /// Name.
    pub name: String,
    /// Default value.
    pub default: String,
    /// Allowed values.
    pub enum_values: Vec<String>,
    /// Description.
    pub description: Option<String>,
}

/// A tag.
#[derive(Debug, Clone, Serialize)]
pub struct Tag {
    /// Name.
    pub name: String,
    /// Description (markdown).
    pub description: Option<String>,
}

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// All methods in the order OpenAPI lists them.
    pub const ALL: [Method; 8] = [Method::Get, Method::Put, Method::Post, Method::Delete, Method::Options, Method::Head, Method::Patch, Method::Trace];

    /// Lower-case name as used in specs.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// Upper-case name as sent on the wire.
    pub fn as_upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// Stable, URL-safe, unique within the spec: the slugified operationId when there is one,
    /// otherwise `method-path` slugified; a numeric suffix only on collision.
    pub key: String,
    /// Method.
    pub method: Method,
    /// Path template as written (`/api/search/nip/{nip}`).
    pub path: String,
    /// `operationId`.
    pub operation_id: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Markdown description.
    pub description: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Deprecated.
    pub deprecated: bool,
    /// Parameters: path-level ones merged with operation-level ones (operation wins).
    pub parameters: Vec<Parameter>,
    /// Request body (2.0: the `body` parameter, or `formData` parameters as a form schema).
    pub request_body: Option<RequestBody>,
    /// Responses in document order.
    pub responses: Vec<Response>,
    /// Operation-level security; `None` means the spec's top-level security applies.
    pub security: Option<Vec<SecurityRequirement>>,
    /// Operation- or path-level servers overriding the spec's.
    pub servers: Vec<Server>,
    /// Names of callbacks declared (never followed by the sandbox).
    pub callbacks: Vec<String>,
    /// JSON pointer to the operation in the source document (`/paths/~1pets/get`).
    pub pointer: String,
    /// Where the operation is written.
    pub pos: Pos,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    /// Path.
    Path,
    /// Query string.
    Query,
    /// Header.
    Header,
    /// Cookie.
    Cookie,
}

/// A parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    /// Name.
    pub name: String,
    /// Location.
    pub location: ParamLocation,
    /// Required (path parameters always are).
    pub required: bool,
    /// Deprecated.
    pub deprecated: bool,
    /// Markdown description.
    pub description: Option<String>,
    /// Schema (2.0: built from the parameter's own type fields).
    pub schema: Option<SchemaId>,
    /// `style`.
    pub style: Option<String>,
    /// `explode`.
    pub explode: Option<bool>,
    /// Example value.
    pub example: Option<serde_json::Value>,
    /// Named examples.
    pub examples: Vec<Example>,
}

/// A request body.
#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    /// Markdown description.
    pub description: Option<String>,
    /// Required.
    pub required: bool,
    /// One entry per media type.
    pub content: Vec<MediaType>,
}

/// Content of one media type.
#[derive(Debug, Clone, Serialize)]
pub struct MediaType {
    /// `application/json`, …
    pub media_type: String,
    /// Schema.
    pub schema: Option<SchemaId>,
    /// Examples: `example` becomes one named `default`; 2.0 response `examples` map here too.
    pub examples: Vec<Example>,
}

/// A named example.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// Name (`default` for a lone `example`).
    pub name: String,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// The value (absent for `externalValue`).
    pub value: Option<serde_json::Value>,
    /// `externalValue` (never fetched).
    pub external_value: Option<String>,
}

/// A response.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// `200`, `4XX`, `default`.
    pub status: String,
    /// Description.
    pub description: Option<String>,
    /// Headers.
    pub headers: Vec<Header>,
    /// Content by media type.
    pub content: Vec<MediaType>,
}

/// A response header.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Required.
    pub required: bool,
    /// Schema.
    pub schema: Option<SchemaId>,
}

/// A security scheme.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    /// The key under `securitySchemes` / `securityDefinitions`.
    pub key: String,
    /// What kind.
    pub kind: SecuritySchemeKind,
    /// Markdown description.
    pub description: Option<String>,
}

/// Kinds of security scheme.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SecuritySchemeKind {
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Name of the header / parameter / cookie.
        name: String,
        /// Where it goes.
        location: ParamLocation,
    },
    /// HTTP authentication (`basic`, `bearer`, or another scheme name as written, lower-cased).
    Http {
        /// Scheme.
        scheme: String,
        /// `bearerFormat`.
        bearer_format: Option<String>,
    },
    /// OAuth 2.0.
    OAuth2 {
        /// Flows.
        flows: Vec<OAuthFlow>,
    },
    /// OpenID Connect discovery.
    OpenIdConnect {
        /// Discovery URL.
        url: String,
    },
    /// Mutual TLS.
    MutualTls,
    /// A type we do not know, as written.
    Other {
        /// The `type` value.
        name: String,
    },
}

/// OAuth 2.0 flow kinds (2.0's `application` is client credentials, `accessCode` authorization code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    /// Implicit.
    Implicit,
    /// Resource owner password.
    Password,
    /// Client credentials.
    ClientCredentials,
    /// Authorization code.
    AuthorizationCode,
}

/// One OAuth 2.0 flow.
#[derive(Debug, Clone, Serialize)]
pub struct OAuthFlow {
    /// Kind.
    pub kind: FlowKind,
    /// Authorization URL.
    pub authorization_url: Option<String>,
    /// Token URL.
    pub token_url: Option<String>,
    /// Refresh URL.
    pub refresh_url: Option<String>,
    /// Scopes and their descriptions.
    pub scopes: Vec<(String, String)>,
}

/// One alternative of a security requirement: all these schemes together (empty = anonymous).
#[derive(Debug, Clone, Default, Serialize)]
pub struct SecurityRequirement {
    /// Scheme key and required scopes.
    pub schemes: Vec<(String, Vec<String>)>,
}

/// A named schema.
#[derive(Debug, Clone, Serialize)]
pub struct NamedSchema {
    /// The name under `components/schemas` or `definitions`.
    pub name: String,
    /// The schema.
    pub id: SchemaId,
}

/// `additionalProperties`.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Additional {
    /// `true` / `false`.
    Allowed(bool),
    /// A schema.
    Schema(SchemaId),
}

/// `discriminator`.
#[derive(Debug, Clone, Serialize)]
pub struct Discriminator {
    /// `propertyName`.
    pub property_name: String,
    /// `mapping` as written.
    pub mapping: Vec<(String, String)>,
}

/// A JSON Schema, as much of it as documentation, validation and data generation need.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Schema {
    /// The component name when this is a named schema.
    pub name: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// Markdown description.
    pub description: Option<String>,
    /// Types; 3.0 `nullable: true` and 3.1 `type: [x, "null"]` both add `null`.
    pub types: Vec<String>,
    /// `format`.
    pub format: Option<String>,
    /// `enum`.
    pub enum_values: Vec<serde_json::Value>,
    /// `const`.
    pub const_value: Option<Box<serde_json::Value>>,
    /// `default`.
    pub default: Option<Box<serde_json::Value>>,
    /// `example` (and the first of 3.1 `examples`).
    pub example: Option<Box<serde_json::Value>>,
    /// Properties in order.
    pub properties: Vec<(String, SchemaId)>,
    /// Required property names.
    pub required: Vec<String>,
    /// `additionalProperties`.
    pub additional_properties: Option<Additional>,
    /// `items` (a 2020-12 / 3.1 array of items becomes `prefix_items`).
    pub items: Option<SchemaId>,
    /// `prefixItems`.
    pub prefix_items: Vec<SchemaId>,
    /// `allOf`.
    pub all_of: Vec<SchemaId>,
    /// `oneOf`.
    pub one_of: Vec<SchemaId>,
    /// `anyOf`.
    pub any_of: Vec<SchemaId>,
    /// `not`.
    pub not: Option<SchemaId>,
    /// `discriminator`.
    pub discriminator: Option<Box<Discriminator>>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// Exclusive lower bound (3.0's boolean form is turned into this number).
    pub exclusive_minimum: Option<f64>,
    /// Exclusive upper bound.
    pub exclusive_maximum: Option<f64>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// A `$ref` that could not be resolved, as written (the schema is otherwise empty).
    pub unresolved_ref: Option<String>,
    /// Where the schema is written (file relative to the API folder, and position).
    pub source: Option<Box<(String, Pos)>>,
}

impl Spec {
    /// The schema behind an id.
    pub fn schema(&self, id: SchemaId) -> &Schema {
        &self.schemas[id.0 as usize]
    }

    /// Operations and webhooks together.
    pub fn all_operations(&self) -> impl Iterator<Item = &Operation> {
        self.operations.iter().chain(self.webhooks.iter())
    }
}
