//! Addresses as the command line takes them: `5-2-301`, `5栋2单元301`, or either after a
//! community's name where several communities have the address; one household or a refusal
//! listing the candidates.

use anyhow::{anyhow, bail};

use crate::client::Backend;
use crate::i18n::Lang;
use crate::model::address::{split_community, AddressQuery};
use crate::model::place::community_named;
use crate::model::{Address, Community, Id};
use crate::store::query::AddressHit;
use crate::tr;

/// Reads `[COMMUNITY] ADDRESS` as written (the words joined) and finds its one household;
/// `community` is a `--community` option, used when the words name none.
pub fn household_at(
    backend: &dyn Backend,
    words: &str,
    community: Option<&str>,
    lang: Lang,
) -> anyhow::Result<AddressHit> {
    let (named, address) = split_community(words);
    let address = Address::parse(&address)?;
    resolve(backend, address, named.as_deref().or(community), lang)
}

/// The one household at `address`: in the named community, or the only one anywhere.
pub fn resolve(
    backend: &dyn Backend,
    address: Address,
    community: Option<&str>,
    lang: Lang,
) -> anyhow::Result<AddressHit> {
    let q = AddressQuery {
        building: address.building,
        entrance: Some(address.entrance),
        room: Some(address.room),
    };
    let communities = backend.overview()?.communities;
    let name_of = |id: Id| {
        communities.iter().find(|c| c.id == id).map_or_else(
            || tr!(lang, "编号 {id} 的社区", "community {id}"),
            |c| c.name.clone(),
        )
    };
    let wanted = community
        .map(|name| community_id(&communities, name, lang))
        .transpose()?;
    let hits = backend.find_address(&q, wanted)?;
    if hits.is_empty() {
        bail!(tr!(
            lang,
            "没有地址为 {address} 的住户；请在浏览界面里核对",
            "no household has the address {address}; check it in the browse screen"
        ));
    }
    if let Some(c) = wanted {
        return hits
            .iter()
            .find(|h| h.community == c)
            .cloned()
            .ok_or_else(|| {
                let wanted = name_of(c);
                let found = listing(hits.iter().map(|h| name_of(h.community)).collect(), lang);
                anyhow!(tr!(
                    lang,
                    "{wanted}没有地址为 {address} 的住户；这个地址在{found}",
                    "no household in {wanted} has the address {address}; it is in {found}"
                ))
            });
    }
    if hits.len() > 1 {
        let found = listing(hits.iter().map(|h| name_of(h.community)).collect(), lang);
        let first = name_of(hits[0].community);
        bail!(tr!(
            lang,
            "{found}都有地址 {address}；请在地址前写上社区名，如“{first} {address}”",
            "the address {address} is in {found}; write the community before it, as “{first} {address}”"
        ));
    }
    Ok(hits[0].clone())
}

/// The community a name (or the start of it) means, among `communities`; refused naming the
/// candidates when it means several or none.
pub fn community_id(communities: &[Community], name: &str, lang: Lang) -> anyhow::Result<Id> {
    match community_named(communities, |c| &c.name, name) {
        Ok(c) => Ok(c.id),
        Err(several) if !several.is_empty() => {
            let names = listing(several.iter().map(|c| c.name.clone()).collect(), lang);
            let name = crate::model::shown::quote(name.trim());
            bail!(tr!(
                lang,
                "{names}都以“{name}”开头；请把社区名写完整些",
                "{names} all begin with “{name}”; write more of the community's name"
            ));
        }
        Err(_) => {
            let names: Vec<&str> = communities.iter().map(|c| c.name.as_str()).collect();
            let names = names.join(lang.pick("、", ", "));
            let name = crate::model::shown::quote(name.trim());
            bail!(tr!(
                lang,
                "没有叫{name}的社区；请用{names}中的一个",
                "there is no community called {name}; use one of {names}"
            ));
        }
    }
}

/// Names as a sentence lists them, sorted and once each: `A`, `A and B`, `A, B and C`.
pub fn listing(mut names: Vec<String>, lang: Lang) -> String {
    names.sort();
    names.dedup();
    lang.listing(&names)
}
