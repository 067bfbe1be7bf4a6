//! The component catalogue as data: the types of a row (every component, the version that
//! introduced it, where it may be placed, its properties with kind, dynamic or not,
//! since/until, required, display limit, its min/max bounds, its value type, its per-screen
//! and per-flow limits, its placement on a screen, its own rules), version gates ([`Gate`]),
//! the actions of each slot, the property builder and the properties many components share.
//! The rows themselves live with their component in `components/<family>.rs`;
//! [`COMPONENTS`] assembles them in [`CompType`] order.

use super::components::{
    containers, date, footer, link, media, navigation_list, selection, text, text_input,
};
use crate::flow_json::binding::Ty;
use crate::flow_json::issue::IssueCode;
use crate::flow_json::policy::Policy;
use crate::flow_json::tree::{Node, Obj};

use super::{CompInfo, Ctx, Path};
use crate::flow_json::version::FlowVersion;

pub(crate) const fn v(major: u16, minor: u16) -> FlowVersion {
    FlowVersion::new(major, minor)
}

/// Oldest and newest version bounds.
pub(crate) const V0: FlowVersion = v(0, 0);
pub(crate) const VMAX: FlowVersion = v(u16::MAX, u16::MAX);

/// A value that changes with the Flow JSON version, declared as data: its value from the first
/// version, then `(since, value)` rows, oldest first. A version that changes the value is one
/// more row; every gate is read through [`Gate::at`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Gate<T: 'static> {
    pub first: T,
    pub then: &'static [(FlowVersion, T)],
}

impl<T: Copy> Gate<T> {
    /// `first` from the first version, then each row's value from its version on.
    pub(crate) const fn new(first: T, then: &'static [(FlowVersion, T)]) -> Gate<T> {
        Gate { first, then }
    }

    /// The value in version `ver`: that of the newest row not after `ver`.
    pub(crate) fn at(self, ver: FlowVersion) -> T {
        self.then
            .iter()
            .rev()
            .find(|(since, _)| *since <= ver)
            .map_or(self.first, |(_, x)| *x)
    }

    /// Whether the rows are in version order (checked by the tests of each gate's module).
    #[cfg(test)]
    pub(crate) fn is_ordered(self) -> bool {
        self.then
            .windows(2)
            .all(|w| matches!(w, [a, b] if a.0 < b.0))
    }
}

/// Action slots, and the actions each admits by version ([`Slot::actions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// Footer `on-click-action`.
    FooterClick,
    /// EmbeddedLink / OptIn `on-click-action`.
    LinkClick,
    /// NavigationList (component or item) `on-click-action`.
    ListClick,
    /// CheckboxGroup / RadioButtonsGroup / Dropdown / ChipsSelector `on-select-action`.
    SelectionSelect,
    /// DatePicker / CalendarPicker `on-select-action`.
    DateSelect,
    /// `update_data`-only slots (unselect, OptIn select, data-source items).
    UpdateOnly,
}

const FOOTER_ACTIONS: Gate<&[&str]> = Gate::new(&["navigate", "data_exchange", "complete"], &[]);
const LINK_ACTIONS: Gate<&[&str]> = Gate::new(
    &["navigate", "data_exchange"],
    &[(v(6, 0), &["navigate", "data_exchange", "open_url"])],
);
const LIST_ACTIONS: Gate<&[&str]> = Gate::new(&["navigate", "data_exchange"], &[]);
const SELECT_ACTIONS: Gate<&[&str]> = Gate::new(
    &["data_exchange"],
    &[(v(6, 0), &["data_exchange", "update_data"])],
);
const DATE_ACTIONS: Gate<&[&str]> = Gate::new(&["data_exchange"], &[]);
const UPDATE_ACTIONS: Gate<&[&str]> = Gate::new(&[], &[(v(6, 0), &["update_data"])]);

impl Slot {
    /// The action names the slot admits, by version (`open_url` and `update_data` arrive in
    /// 6.0).
    pub(crate) const fn actions(self) -> Gate<&'static [&'static str]> {
        match self {
            Slot::FooterClick => FOOTER_ACTIONS,
            Slot::LinkClick => LINK_ACTIONS,
            Slot::ListClick => LIST_ACTIONS,
            Slot::SelectionSelect => SELECT_ACTIONS,
            Slot::DateSelect => DATE_ACTIONS,
            Slot::UpdateOnly => UPDATE_ACTIONS,
        }
    }
}

/// One key of a data-source item: (key, kind, since, required, display limit).
pub(crate) type ItemKey = (&'static str, K, FlowVersion, bool, u16);

/// The items of a data source (`data-source`, `list-items`): the keys an item may hold and
/// how many items there may be. The item walk (`items.rs`) reads only this.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Items {
    pub keys: &'static [ItemKey],
    pub min: usize,
    pub max: usize,
    /// The maximum when some item has an `image` (equal to `max` where images change nothing).
    pub max_with_images: usize,
}

/// A closed object of strings inside an item (a NavigationList item's `main-content`,
/// `start`, `end`): its keys as (key, required, display limit), and how many keys it needs.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Part {
    pub keys: &'static [(&'static str, bool, u16)],
    pub min_keys: usize,
}

/// An array of strings inside an item (a NavigationList item's `tags`): what one entry is
/// called in messages, how many entries, and each entry's display limit.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct StrList {
    pub entry: &'static str,
    pub min: usize,
    pub max: usize,
    pub max_chars: u16,
}

/// How a property value is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum K {
    Str,
    /// A string; from 5.1 also an array of strings (TextBody, TextCaption, RichText).
    Text,
    Bool,
    Int,
    IntRange(i64, i64),
    Num,
    Enum(&'static [&'static str]),
    EnumArr(&'static [&'static str]),
    Action(Slot),
    DataSource(&'static Items),
    /// An item's closed object of strings.
    Part(&'static Part),
    /// An item's array of strings.
    StrList(&'static StrList),
    /// A `#RRGGBB` colour string.
    Color,
    Images,
    Children,
    Cases,
    Condition,
    SwitchValue,
    /// CalendarPicker: a string, or in range mode an object `{start-date, end-date}`.
    StrOrRange,
    /// CalendarPicker `required`: a boolean, or in range mode an object of booleans.
    BoolOrRange,
    /// Picker `error-message`: a string or an object.
    StrOrObj,
    /// Form `init-values` / `error-messages`: an object (or a binding).
    NameMap,
    /// Component `init-value`: its type depends on the component.
    InitValue,
    /// A date string (`YYYY-MM-DD` from 5.0).
    Date,
    /// Array of dates.
    DateArr,
}

/// Whether a property is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Req {
    No,
    Yes,
    Since(FlowVersion),
}

/// One property of a component.
#[derive(Debug, Clone, Copy)]
pub(crate) struct P {
    pub name: &'static str,
    pub k: K,
    /// May hold a binding / expression.
    pub dynamic: bool,
    pub since: FlowVersion,
    pub until: FlowVersion,
    pub req: Req,
    /// Display limit in characters (0 = none); reported as `WAFLOWS_TEXT_TOO_LONG`.
    pub max_chars: u16,
    /// The minimum of a [`K::IntRange`] when the discrepancy policy decides it.
    pub min_by: Option<PolicyMin>,
}

/// A minimum the discrepancy policy decides (`policy.rs`), named by catalogue data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PolicyMin {
    /// [`Policy::checkbox_max_selected_minimum`].
    CheckboxMaxSelected,
}

impl PolicyMin {
    /// The minimum under `policy`.
    pub(crate) const fn of(self, policy: &Policy) -> i64 {
        match self {
            PolicyMin::CheckboxMaxSelected => policy.checkbox_max_selected_minimum,
        }
    }
}

pub(crate) const fn p(name: &'static str, k: K) -> P {
    P {
        name,
        k,
        dynamic: true,
        since: V0,
        until: VMAX,
        req: Req::No,
        max_chars: 0,
        min_by: None,
    }
}

impl P {
    pub(crate) const fn req(mut self) -> P {
        self.req = Req::Yes;
        self
    }
    pub(crate) const fn req_since(mut self, s: FlowVersion) -> P {
        self.req = Req::Since(s);
        self
    }
    pub(crate) const fn fixed(mut self) -> P {
        self.dynamic = false;
        self
    }
    pub(crate) const fn since(mut self, s: FlowVersion) -> P {
        self.since = s;
        self
    }
    pub(crate) const fn chars(mut self, n: u16) -> P {
        self.max_chars = n;
        self
    }
    /// The minimum of its [`K::IntRange`] is the policy's `m` (instead of the range's).
    pub(crate) const fn min_by(mut self, m: PolicyMin) -> P {
        self.min_by = Some(m);
        self
    }
}

/// Placement flags: directly in the layout, in a Form, in an If branch, in a Switch case.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    pub layout: bool,
    pub form: bool,
    pub if_: FlowVersion,
    pub switch: FlowVersion,
}

pub(crate) const NEVER: FlowVersion = VMAX;

impl Place {
    /// Directly in the layout and in a Form; in an If branch from version `if_`, in a Switch
    /// case from version `switch` ([`NEVER`]: not there at all).
    pub(crate) const fn branches(if_: FlowVersion, switch: FlowVersion) -> Place {
        Place {
            layout: true,
            form: true,
            if_,
            switch,
        }
    }
}

/// Anywhere a component may stand.
pub(crate) const EVERYWHERE: Place = Place::branches(V0, V0);
/// Directly in the layout only: not in a Form, an If or a Switch.
pub(crate) const LAYOUT_ONLY: Place = Place {
    layout: true,
    form: false,
    if_: NEVER,
    switch: NEVER,
};

/// Declares [`CompType`]: one variant per component, in the order of [`COMPONENTS`] (the
/// variant's discriminant is its row), with its Flow JSON name. A misspelt component name is
/// a compile error, not a silent mismatch.
macro_rules! component_types {
    ($($v:ident),* $(,)?) => {
        /// A component type.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum CompType {
            $($v,)*
        }

        impl CompType {
            /// Every component type, in catalogue order.
            pub(crate) const ALL: &'static [CompType] = &[$(CompType::$v,)*];

            /// The `type` string of the component in Flow JSON.
            pub(crate) const fn as_str(self) -> &'static str {
                match self {
                    $(CompType::$v => stringify!($v),)*
                }
            }

            /// The component type named `s` (exact spelling).
            pub(crate) fn from_name(s: &str) -> Option<CompType> {
                match s {
                    $(stringify!($v) => Some(CompType::$v),)*
                    _ => None,
                }
            }
        }
    };
}

component_types!(
    TextHeading,
    TextSubheading,
    TextBody,
    TextCaption,
    RichText,
    TextInput,
    TextArea,
    CheckboxGroup,
    RadioButtonsGroup,
    Dropdown,
    ChipsSelector,
    DatePicker,
    CalendarPicker,
    OptIn,
    EmbeddedLink,
    Footer,
    Image,
    ImageCarousel,
    PhotoPicker,
    DocumentPicker,
    NavigationList,
    Form,
    If,
    Switch,
);

impl CompType {
    /// The row of this component in [`COMPONENTS`].
    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// The catalogue entry of this component.
    pub(crate) fn spec(self) -> &'static Comp {
        // One row per variant in variant order (a compile-time check below).
        &COMPONENTS[self.index()]
    }

    /// Containers (their children are walked, they are not counted as components).
    pub(crate) const fn is_container(self) -> bool {
        matches!(self, CompType::Form | CompType::If | CompType::Switch)
    }
}

impl std::fmt::Display for CompType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One component.
#[derive(Debug)]
pub(crate) struct Comp {
    pub ty: CompType,
    pub since: FlowVersion,
    pub place: Place,
    /// An input (its value is a form value; it must be in a Form before 4.0).
    pub input: bool,
    /// Checked by the COMPONENTS_OUTSIDE_FORM rule (≥4.0).
    pub form_checked: bool,
    /// Pairs of properties whose first value must not exceed the second (`min-…` ≤ `max-…`),
    /// checked by the semantic phase.
    pub bounds: &'static [(&'static str, &'static str)],
    /// The type of the value an input holds (its `init-value`, `${form.…}`); `Any` where the
    /// component's properties decide (CalendarPicker's `mode`). `Str` for the others.
    pub value: Ty,
    /// When set, the type of a `${form.…}` reading this input follows one of its properties.
    pub value_by: Option<ValueBy>,
    /// An upload (its value is media handles): at most [`UPLOADS_PER_SCREEN`] of these per
    /// screen together, and the rules of media values in action payloads.
    pub upload: bool,
    /// At most this many per screen, If/Switch branches counting as alternatives (0: no limit
    /// of its own).
    pub per_screen: usize,
    /// The code of a per-screen excess when the policy picks one (else
    /// `COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN`).
    pub per_screen_code: Option<PolicyCode>,
    /// At most this many in the whole flow (0: no limit).
    pub per_flow: usize,
    /// Alone on its screen: see [`Alone`].
    pub alone: Option<Alone>,
    /// Not allowed on a terminal screen.
    pub not_terminal: bool,
    /// The code of a `bounds` pair out of order.
    pub bounds_code: IssueCode,
    /// Its rules across several properties (schema phase), in its module.
    pub shape: Option<ShapeRule>,
    /// Its rules of the semantic phase, in its module (after the `bounds`).
    pub rules: Option<SemanticRule>,
    pub props: &'static [P],
}

/// A component's shape rule: its object and its path.
pub(crate) type ShapeRule = for<'a, 'p> fn(&mut Ctx<'a>, &'a Obj<'a>, &'p Path<'a>);

/// A component's rule of the semantic phase.
pub(crate) type SemanticRule = for<'a, 'c> fn(&mut Ctx<'a>, &'c CompInfo<'a>);

/// A component that must be the only kind of component on its screen (RichText,
/// NavigationList).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Alone {
    /// At most this many of it on the screen.
    pub max: usize,
    /// The other components allowed beside it, by version.
    pub beside: Gate<&'static [CompType]>,
    /// The code of a misplacement, by version.
    pub code: Gate<IssueCode>,
}

/// How many uploads (rows marked [`Comp::upload`]) a screen may hold together.
pub(crate) const UPLOADS_PER_SCREEN: usize = 1;

/// The upload components' names, for messages ("PhotoPicker or DocumentPicker").
pub(crate) fn upload_names() -> String {
    let names: Vec<&str> = COMPONENTS
        .iter()
        .filter(|c| c.upload)
        .map(|c| c.ty.as_str())
        .collect();
    names.join(" or ")
}

/// An issue code the discrepancy policy picks (`policy.rs`), named by catalogue data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PolicyCode {
    /// `MORE_THAN_ONE_FOOTER` under [`Policy::docs_footer_code`].
    DocsFooter,
}

impl PolicyCode {
    /// The code under `policy`, `None` when the policy keeps the default one.
    pub(crate) const fn of(self, policy: &Policy) -> Option<IssueCode> {
        match self {
            PolicyCode::DocsFooter if policy.docs_footer_code => Some(IssueCode::MoreThanOneFooter),
            PolicyCode::DocsFooter => None,
        }
    }
}

/// The type of an input's form value decided by one of its properties: the type of the first
/// case whose value the property has, `otherwise` when none matches (or the property is
/// absent or dynamic).
#[derive(Debug)]
pub(crate) struct ValueBy {
    pub prop: &'static str,
    pub cases: &'static [(&'static str, Ty)],
    pub otherwise: Ty,
}

impl Comp {
    /// The row of `ty` with the common defaults: known since the first version, placed
    /// [`EVERYWHERE`], not an input, no bounds, no properties yet. The modifiers below state
    /// the rest, [`Comp::props`] last.
    pub(crate) const fn new(ty: CompType) -> Comp {
        Comp {
            ty,
            since: V0,
            place: EVERYWHERE,
            input: false,
            form_checked: false,
            bounds: &[],
            value: Ty::Str,
            value_by: None,
            upload: false,
            per_screen: 0,
            per_screen_code: None,
            per_flow: 0,
            alone: None,
            not_terminal: false,
            bounds_code: IssueCode::MinValueGreaterThanMax,
            shape: None,
            rules: None,
            props: &[],
        }
    }
    /// Introduced in version `s`.
    pub(crate) const fn since(mut self, s: FlowVersion) -> Comp {
        self.since = s;
        self
    }
    /// Placed as `place` says (instead of [`EVERYWHERE`]).
    pub(crate) const fn place(mut self, place: Place) -> Comp {
        self.place = place;
        self
    }
    /// An input whose value has type `value`.
    pub(crate) const fn input(mut self, value: Ty) -> Comp {
        self.input = true;
        self.value = value;
        self
    }
    /// Its form value's type follows the property `prop`: see [`ValueBy`].
    pub(crate) const fn value_by(
        mut self,
        prop: &'static str,
        cases: &'static [(&'static str, Ty)],
        otherwise: Ty,
    ) -> Comp {
        self.value_by = Some(ValueBy {
            prop,
            cases,
            otherwise,
        });
        self
    }
    /// An upload (see [`Comp::upload`]).
    pub(crate) const fn upload(mut self) -> Comp {
        self.upload = true;
        self
    }
    /// At most `n` per screen.
    pub(crate) const fn per_screen(mut self, n: usize) -> Comp {
        self.per_screen = n;
        self
    }
    /// A per-screen excess is reported with the code the policy picks through `code`.
    pub(crate) const fn per_screen_code(mut self, code: PolicyCode) -> Comp {
        self.per_screen_code = Some(code);
        self
    }
    /// At most `n` in the whole flow.
    pub(crate) const fn per_flow(mut self, n: usize) -> Comp {
        self.per_flow = n;
        self
    }
    /// Alone on its screen, as `alone` says.
    pub(crate) const fn alone(mut self, alone: Alone) -> Comp {
        self.alone = Some(alone);
        self
    }
    /// A `bounds` pair out of order is reported with `code`.
    pub(crate) const fn bounds_code(mut self, code: IssueCode) -> Comp {
        self.bounds_code = code;
        self
    }
    /// Its shape rule (schema phase).
    pub(crate) const fn shape(mut self, rule: ShapeRule) -> Comp {
        self.shape = Some(rule);
        self
    }
    /// Its semantic rule.
    pub(crate) const fn rules(mut self, rule: SemanticRule) -> Comp {
        self.rules = Some(rule);
        self
    }
    /// Not allowed on a terminal screen.
    pub(crate) const fn not_terminal(mut self) -> Comp {
        self.not_terminal = true;
        self
    }
    /// Checked by the COMPONENTS_OUTSIDE_FORM rule.
    pub(crate) const fn form_checked(mut self) -> Comp {
        self.form_checked = true;
        self
    }
    /// `min-…` ≤ `max-…` pairs of properties.
    pub(crate) const fn bounds(mut self, b: &'static [(&'static str, &'static str)]) -> Comp {
        self.bounds = b;
        self
    }
    /// Its properties.
    pub(crate) const fn props(mut self, props: &'static [P]) -> Comp {
        self.props = props;
        self
    }
}

pub(crate) const MEDIA_SIZE: &[&str] = &["regular", "large"];
pub(crate) const NAME: P = p("name", K::Str).req().fixed();
pub(crate) const VISIBLE: P = p("visible", K::Bool);
pub(crate) const ENABLED: P = p("enabled", K::Bool);
pub(crate) const REQUIRED: P = p("required", K::Bool);
pub(crate) const INIT_VALUE: P = p("init-value", K::InitValue).since(v(4, 0));
pub(crate) const ERROR_MESSAGE: P = p("error-message", K::Str).since(v(4, 0));

/// Every component Flow JSON knows.
pub(crate) const COMPONENTS: &[Comp] = &[
    text::HEADING,
    text::SUBHEADING,
    text::BODY,
    text::CAPTION,
    text::RICH_TEXT,
    text_input::TEXT_INPUT,
    text_input::TEXT_AREA,
    selection::CHECKBOX_GROUP,
    selection::RADIO_BUTTONS_GROUP,
    selection::DROPDOWN,
    selection::CHIPS_SELECTOR,
    date::DATE_PICKER,
    date::CALENDAR_PICKER,
    link::OPT_IN,
    link::EMBEDDED_LINK,
    footer::FOOTER,
    media::IMAGE,
    media::IMAGE_CAROUSEL,
    media::PHOTO_PICKER,
    media::DOCUMENT_PICKER,
    navigation_list::NAVIGATION_LIST,
    containers::FORM,
    containers::IF,
    containers::SWITCH,
];

// The catalogue has one row per component type, in variant order: checked while compiling.
const _: () = {
    assert!(COMPONENTS.len() == CompType::ALL.len());
    let mut i = 0;
    while i < COMPONENTS.len() {
        assert!(COMPONENTS[i].ty as usize == i);
        i += 1;
    }
};

/// The number of components in [`COMPONENTS`].
pub(crate) const COMPONENT_COUNT: usize = CompType::ALL.len();

/// The component named `ty`.
pub(crate) fn component(ty: &str) -> Option<&'static Comp> {
    CompType::from_name(ty).map(CompType::spec)
}

impl Comp {
    /// The property `name` as it exists in version `ver`.
    pub(crate) fn prop(&self, name: &str, ver: FlowVersion) -> Option<&'static P> {
        self.props
            .iter()
            .find(|p| p.name == name && p.since <= ver && ver <= p.until)
    }

    /// The type of the form value (`${form.…}`) of this component as `o` configures it.
    pub(crate) fn form_value(&self, o: &Obj<'_>) -> Ty {
        let Some(by) = &self.value_by else {
            return self.value;
        };
        let set = o.get(by.prop).and_then(Node::as_str);
        by.cases
            .iter()
            .find(|(case, _)| set == Some(*case))
            .map_or(by.otherwise, |(_, ty)| *ty)
    }

    /// Whether the property exists in some version.
    pub(crate) fn knows(&self, name: &str) -> bool {
        self.props.iter().any(|p| p.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        let mut names = std::collections::HashSet::new();
        for c in COMPONENTS {
            assert!(names.insert(c.ty), "duplicate component {}", c.ty);
            let mut props = std::collections::HashSet::new();
            for p in c.props {
                assert!(
                    props.insert(p.name),
                    "{}: duplicate property {}",
                    c.ty,
                    p.name
                );
                assert!(p.since <= p.until);
            }
            assert!(
                c.input || c.value == Ty::Str,
                "{}: value of a non-input",
                c.ty
            );
            assert!(!c.props.is_empty(), "{}: no properties", c.ty);
            for (lo, hi) in c.bounds {
                assert!(c.knows(lo) && c.knows(hi), "{}: bounds {lo}/{hi}", c.ty);
            }
            if c.input {
                assert!(
                    c.prop("name", VMAX).is_some(),
                    "input {} needs a name",
                    c.ty
                );
            }
        }
        assert_eq!(COMPONENTS.len(), COMPONENT_COUNT);
        assert!(component("Footer").is_some());
        assert!(component("Bogus").is_none());
    }

    #[test]
    fn form_values_follow_the_row() {
        let cases = [
            (r#"{"type": "TextInput", "input-type": "number"}"#, Ty::Num),
            (
                r#"{"type": "TextInput", "input-type": "passcode"}"#,
                Ty::Num,
            ),
            (r#"{"type": "TextInput", "input-type": "email"}"#, Ty::Str),
            (
                r#"{"type": "TextInput", "input-type": "${data.t}"}"#,
                Ty::Str,
            ),
            (r#"{"type": "TextInput"}"#, Ty::Str),
            (r#"{"type": "CalendarPicker", "mode": "range"}"#, Ty::Obj),
            (r#"{"type": "CalendarPicker", "mode": "single"}"#, Ty::Str),
            (r#"{"type": "CalendarPicker"}"#, Ty::Str),
            (
                r#"{"type": "CheckboxGroup", "input-type": "number"}"#,
                Ty::Arr,
            ),
            (r#"{"type": "OptIn"}"#, Ty::Bool),
        ];
        for (text, want) in cases {
            let arena = crate::flow_json::tree::Arena::new();
            let doc = crate::flow_json::tree::Doc::parse(text.as_bytes(), &arena).unwrap();
            let o = doc.root.as_object().unwrap();
            let ty = o.get("type").and_then(Node::as_str).unwrap();
            assert_eq!(component(ty).unwrap().form_value(o), want, "{text}");
        }
    }

    #[test]
    fn properties_are_version_gated() {
        let ti = component("TextInput").unwrap();
        assert!(ti.prop("pattern", FlowVersion::new(6, 1)).is_none());
        assert!(ti.prop("pattern", FlowVersion::new(6, 2)).is_some());
        assert!(ti.knows("pattern"));
        let chips = component("ChipsSelector").unwrap();
        assert!(
            chips
                .prop("on-select-action", FlowVersion::new(6, 3))
                .is_none()
        );
        assert!(
            chips
                .prop("on-select-action", FlowVersion::new(7, 1))
                .is_some()
        );
    }
}
