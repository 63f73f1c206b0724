//! The helpers that write the list of fields.

use super::*;

pub(super) fn slugs<T: Copy>(all: &[T], slug: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&c| slug(c)).collect()
}

pub(super) fn field(name: &str, kind: Kind, need: Need, about: &str) -> Field {
    Field { name: name.into(), kind, need, about: about.into() }
}

pub(super) fn text(name: &str, max: usize, need: Need, about: &str) -> Field {
    field(name, Kind::Text { max }, need, about)
}

pub(super) fn choice(name: &str, choices: Vec<&'static str>, need: Need, about: &str) -> Field {
    field(name, Kind::Choice(choices), need, about)
}

pub(super) fn yes_no(name: &str, need: Need, about: &str) -> Field {
    choice(name, vec!["yes", "no"], need, about)
}

/// Checkboxes; `none` is a choice when `with_none` (and then only on its own).
pub(super) fn choices(name: &str, mut values: Vec<&'static str>, with_none: bool, about: &str) -> Field {
    if with_none {
        values.push("none");
    }
    field(name, Kind::Choices(values), Need::Always, about)
}

pub(super) fn format(name: &str, format: Format, need: Need, about: &str) -> Field {
    field(name, Kind::Format(format), need, about)
}

/// The three boxes of a date, `{prefix}-day`, `-month` and `-year`.
pub(super) fn date(fields: &mut Vec<Field>, prefix: &str, need: Need, what: &str) {
    for (part, form) in [("day", Format::Day), ("month", Format::Month), ("year", Format::Year)] {
        fields.push(format(&format!("{prefix}-{part}"), form, need.clone(), &format!("{what}: the {part}.")));
    }
}

pub(super) fn when(condition: &str) -> Need {
    Need::When(condition.into())
}
