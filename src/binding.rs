//! Two-way bindings that are not whole signals: a field of the draft, read and written through a
//! memoised slice, so typing in one input re-renders only that input.

use leptos::prelude::*;
use leptos::reactive::computed::create_slice;

/// A value an input shows and writes back.
pub struct Bound<T: Send + Sync + 'static> {
    pub get: Signal<T>,
    pub set: SignalSetter<T>,
}

impl<T: Send + Sync> Clone for Bound<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync> Copy for Bound<T> {}

impl<T: Clone + Send + Sync + 'static> From<RwSignal<T>> for Bound<T> {
    fn from(signal: RwSignal<T>) -> Self {
        Self {
            get: signal.into(),
            set: signal.into(),
        }
    }
}

/// A binding to one part of `source`.
pub fn lens<S, T>(
    source: RwSignal<S>,
    get: impl Fn(&S) -> T + Copy + Send + Sync + 'static,
    set: impl Fn(&mut S, T) + Copy + Send + Sync + 'static,
) -> Bound<T>
where
    S: Send + Sync + 'static,
    T: PartialEq + Send + Sync + 'static,
{
    let (get, set) = create_slice(source, get, set);
    Bound { get, set }
}
