"""Build pii_cases.jsonl / negatives.jsonl from hand-written marked-up files.
Positive line:  text with {T:value} marks ## note
  T: N NAME, P PHONE, M MESSAGING, I ID, B BANKCARD, E EMAIL, S PASSPORT, L PLATE, A ADDRESS
Negative line:  text ## keep1|keep2|... ## note
Lines starting with # are comments."""
import json, re, sys, glob, os, collections
HERE=os.path.dirname(os.path.abspath(__file__)); OUT=os.path.dirname(HERE)
T={"N":"NAME","P":"PHONE","M":"MESSAGING","I":"ID","B":"BANKCARD","E":"EMAIL","S":"PASSPORT","L":"PLATE","A":"ADDRESS"}
MARK=re.compile(r"\{([NPMIBESLA]):([^{}]+)\}")
W=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]; C="10X98765432"
CN=dict(zip("零〇洞幺一二两三四五六七八九叉","00011223456789X"))
def norm(v):
    s="".join(CN.get(ch,ch) for ch in v)
    return re.sub(r"[\s\-·,，、.]","",s).upper()
def id_ok(s): return re.fullmatch(r"\d{17}[\dX]",s) and C[sum(int(a)*b for a,b in zip(s[:17],W))%11]==s[17]
def luhn(s):
    t=0
    for i,ch in enumerate(reversed(s)):
        d=int(ch)
        if i%2: d=d*2-9 if d*2>9 else d*2
        t+=d
    return t%10==0
errs=[]; pieces=[]
def parse_pos(line):
    body,_,note=line.partition(" ## ")
    body=body.replace("\\n","\n")
    out="";spans=[];pos=0
    for m in MARK.finditer(body):
        out+=body[pos:m.start()]; s=len(out); out+=m.group(2); spans.append([s,len(out),T[m.group(1)]]); pos=m.end()
    out+=body[pos:]
    if "{" in out or "}" in out: errs.append(("brace",line))
    return out,spans,note.strip()
pos_rows=[];neg_rows=[]
for f in sorted(glob.glob(os.path.join(HERE,"pos*.txt"))):
    for ln in open(f,encoding="utf-8"):
        ln=ln.rstrip("\n")
        if not ln.strip() or ln.startswith("#"): continue
        t,sp,n=parse_pos(ln)
        if not sp: errs.append(("nospan",ln))
        pos_rows.append((t,sp,n))
for f in sorted(glob.glob(os.path.join(HERE,"neg*.txt"))):
    for ln in open(f,encoding="utf-8"):
        ln=ln.rstrip("\n")
        if not ln.strip() or ln.startswith("#"): continue
        parts=ln.split(" ## ")
        if len(parts)!=3: errs.append(("negfmt",ln)); continue
        t,k,n=parts; t=t.replace("\\n","\n"); keep=[x for x in k.split("|") if x]
        for x in keep:
            if x not in t: errs.append(("keep",x,t))
        if MARK.search(t): errs.append(("markinneg",t))
        neg_rows.append((t,keep,n.strip()))
# checks
seen=set();cnt=collections.Counter()
for t,sp,n in pos_rows:
    if t in seen: errs.append(("duptext",t))
    seen.add(t)
    sp.sort()
    for a,b in zip(sp,sp[1:]):
        if a[1]>b[0]: errs.append(("overlap",t))
    for s,e,ty in sp:
        v=t[s:e]; cnt[ty]+=1
        if v!=v.strip(): errs.append(("ws",v,t))
        if ty=="ID":
            x=norm(v)
            if len(x)==18:
                if not id_ok(x): errs.append(("idcheck",v))
            else: pieces.append((ty,v))
        if ty=="BANKCARD":
            x=norm(v)
            if x.isdigit() and 16<=len(x)<=19:
                if not luhn(x): errs.append(("luhn",v))
            else: pieces.append((ty,v))
for t,k,n in neg_rows:
    if t in seen: errs.append(("duptext",t))
    seen.add(t)
for e in errs: print("ERR",e)
with open(os.path.join(OUT,"pii_cases.jsonl"),"w",encoding="utf-8") as f:
    for i,(t,sp,n) in enumerate(pos_rows,1):
        f.write(json.dumps({"id":f"i-{i:04d}","text":t,"spans":sp,"note":n},ensure_ascii=False)+"\n")
with open(os.path.join(OUT,"negatives.jsonl"),"w",encoding="utf-8") as f:
    for i,(t,k,n) in enumerate(neg_rows,1):
        f.write(json.dumps({"id":f"in-{i:04d}","text":t,"keep":k,"note":n},ensure_ascii=False)+"\n")
print("texts",len(pos_rows),"spans",sum(cnt.values()),dict(cnt),"negatives",len(neg_rows))
if "-v" in sys.argv:
    for p in pieces: print("piece",p)
