use super::*;

const OLD: &str = r##"
swagger: "2.0"
info: {version: "1.41"}
definitions:
  Base:
    type: object
    properties:
      A: {type: string}
      Old: {type: integer, format: int64}
  Thing:
    type: object
    properties:
      Ports: {type: object, additionalProperties: {type: object, enum: [{}]}}
paths:
  /things/{id}/json:
    get:
      operationId: ThingInspect
      tags: [Thing]
      responses:
        200:
          description: ok
          schema:
            type: object
            title: ThingInspectResponse
            properties:
              Id: {type: string}
  /stats:
    get:
      operationId: Stats
      tags: [Thing]
      responses:
        200: {description: ok, schema: {type: object}}
"##;

const NEW: &str = r##"
swagger: "2.0"
info: {version: "1.56"}
definitions:
  Base:
    type: object
    properties:
      A: {type: string}
      New: {type: boolean}
  Thing:
    allOf:
      - $ref: "#/definitions/Base"
      - type: object
        properties:
          Ports: {type: object, additionalProperties: {type: object, enum: [{}]}}
          Mode: {type: string, enum: ["", "fast"]}
          Items: {type: array, items: {type: object, properties: {N: {type: integer, format: uint16}}}}
          Grid:
            type: array
            items: {type: array, items: {type: object, properties: {C: {type: number}}}}
          type: {type: string}
  ThingInspectResponse:
    type: object
    properties:
      Id: {type: string}
      Added: {type: string}
  StatsResponse:
    type: object
    properties:
      cpu: {type: integer}
paths:
  /things/{id}/json:
    get:
      operationId: ThingInspect
      tags: [Thing]
      responses:
        200: {description: ok, schema: {$ref: "#/definitions/ThingInspectResponse"}}
  /things/create:
    post:
      operationId: ThingCreate
      tags: [Thing]
      parameters:
        - in: body
          name: body
          schema:
            allOf:
              - $ref: "#/definitions/Thing"
              - type: object
                properties:
                  Extra: {$ref: "#/definitions/Base"}
      responses:
        201:
          description: ok
          schema: {type: array, items: {type: object, properties: {Id: {type: string}}}}
  /things/update:
    post:
      operationId: ThingUpdate
      tags: [Thing]
      parameters:
        - in: body
          name: body
          schema:
            allOf:
              - $ref: "#/definitions/Base"
              - {type: object, example: {A: "x"}}
      responses:
        204: {description: ok}
  /stats:
    get:
      operationId: Stats
      tags: [Thing]
      responses:
        200: {description: ok, schema: {$ref: "#/definitions/StatsResponse"}}
"##;

fn model() -> Model {
    let history = vec![Spec::parse(OLD).unwrap(), Spec::parse(NEW).unwrap()];
    build(&history[1], &history).unwrap()
}

fn find<'m>(m: &'m Model, name: &str) -> &'m TypeDef {
    m.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn fields<'m>(m: &'m Model, name: &str) -> &'m [Field] {
    match &find(m, name).kind {
        Kind::Struct(f) => f,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn field<'m>(m: &'m Model, ty: &str, wire: &str) -> &'m Field {
    fields(m, ty)
        .iter()
        .find(|f| f.wire == wire)
        .unwrap_or_else(|| panic!("{ty} has no {wire}"))
}

#[test]
fn names_follow_the_documented_rules() {
    let m = model();
    let names: Vec<&str> = m.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Base",
            "StatsResponse",
            "Thing",
            "ThingCreateBody",
            "ThingCreateResponseItem",
            "ThingGridItem",
            "ThingInspectResponse",
            "ThingItems",
            "ThingMode",
        ]
    );
    // A body that is a $ref plus an example reuses the referenced type.
    assert!(!names.contains(&"ThingUpdateBody"));
    assert!(matches!(
        find(&m, "ThingCreateResponseItem").origin,
        Origin::Response { item: true, .. }
    ));
}

#[test]
fn all_of_is_merged_into_one_struct() {
    let m = model();
    let wires: Vec<&str> = fields(&m, "ThingCreateBody")
        .iter()
        .map(|f| f.wire.as_str())
        .collect();
    assert_eq!(
        wires,
        ["A", "New", "Ports", "Mode", "Items", "Grid", "type", "Extra"]
    );
    assert_eq!(field(&m, "Thing", "type").rust, "type_");
    assert_eq!(field(&m, "Thing", "Ports").ty, Ty::Map(Box::new(Ty::Empty)));
    assert_eq!(
        field(&m, "Thing", "Items").ty,
        Ty::Vec(Box::new(Ty::Named("ThingItems".into())))
    );
    assert_eq!(field(&m, "ThingItems", "N").ty, Ty::Int("u16"));
    let Kind::StrEnum(variants) = &find(&m, "ThingMode").kind else {
        panic!("ThingMode is not an enum");
    };
    assert_eq!(
        variants,
        &[
            ("Empty".to_string(), String::new()),
            ("Fast".to_string(), "fast".to_string())
        ]
    );
}

#[test]
fn versions_follow_places_not_names() {
    let m = model();
    // Inline in the old file, a definition in the new one: not new.
    assert_eq!(find(&m, "ThingInspectResponse").since, None);
    assert_eq!(field(&m, "ThingInspectResponse", "Id").since, None);
    assert_eq!(
        field(&m, "ThingInspectResponse", "Added").since.as_deref(),
        Some("1.56")
    );
    assert_eq!(field(&m, "Thing", "Ports").since, None);
    assert_eq!(field(&m, "Thing", "A").since.as_deref(), Some("1.56"));
    // An undescribed object in the old file says nothing about its fields.
    assert_eq!(find(&m, "StatsResponse").since, None);
    assert_eq!(field(&m, "StatsResponse", "cpu").since, None);
}

#[test]
fn dropped_fields_are_kept() {
    let m = model();
    let old = field(&m, "Base", "Old");
    assert_eq!(old.removed_after.as_deref(), Some("1.41"));
    assert_eq!(old.ty, Ty::Int("i64"));
    // Thing did not include Base in the old file, so it gets no `Old`.
    assert!(fields(&m, "Thing").iter().all(|f| f.wire != "Old"));
}
